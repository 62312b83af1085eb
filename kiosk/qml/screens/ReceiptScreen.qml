import QtQuick
import QtQuick.Layouts
import "../components"

// The registration code, big; its QR; whether the receipt came out of the printer.
ScreenPage {
    id: page
    title: qsTr("Application registered")
    backVisible: false
    showLink: true

    GridLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        columns: page.wide ? 2 : 1
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.spacing

        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing
            BodyText {
                Layout.fillWidth: true
                text: kiosk.receipt.serviceName
                font.pixelSize: Theme.large
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
            }
            BodyText {
                Layout.fillWidth: true
                text: qsTr("Your registration code — keep it to check your application:")
                horizontalAlignment: Text.AlignHCenter
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: codeText.implicitHeight + 48
                radius: 16
                color: Theme.panel
                border.color: Theme.primary
                border.width: 4
                Text {
                    id: codeText
                    objectName: "registrationCode"
                    anchors.centerIn: parent
                    width: parent.width - 32
                    text: kiosk.receipt.prettyCode
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.huge
                    font.bold: true
                    font.letterSpacing: 2
                    color: Theme.text
                    horizontalAlignment: Text.AlignHCenter
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: 36
                }
            }
            BodyText {
                Layout.fillWidth: true
                text: qsTr("Handled by: %1").arg(kiosk.receipt.department) + "\n"
                      + qsTr("Time to finish: %1").arg(kiosk.receipt.timeLimit) + "\n"
                      + (kiosk.receipt.dueDate !== "" ? qsTr("To be finished by: %1").arg(kiosk.receipt.dueDate) + "\n" : "")
                      + qsTr("Submitted: %1").arg(kiosk.receipt.submittedAt)
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing
            Image {
                Layout.alignment: Qt.AlignHCenter
                Layout.preferredWidth: page.wide ? 260 : 340
                Layout.preferredHeight: Layout.preferredWidth
                source: kiosk.receipt.qr
                smooth: false
                fillMode: Image.PreserveAspectFit
            }
            BodyText {
                Layout.fillWidth: true
                text: qsTr("Scan with your phone to follow your application.")
                font.pixelSize: Theme.small
                horizontalAlignment: Text.AlignHCenter
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: printColumn.implicitHeight + 32
                radius: 16
                color: kiosk.receipt.printState === "failed" ? "#FDECEA" : "#E8F5E9"
                border.color: kiosk.receipt.printState === "failed" ? Theme.error : Theme.ok
                border.width: 3
                ColumnLayout {
                    id: printColumn
                    anchors.centerIn: parent
                    width: parent.width - 32
                    BodyText {
                        objectName: "printStatus"
                        Layout.fillWidth: true
                        text: kiosk.receipt.printStatus
                        color: kiosk.receipt.printState === "failed" ? Theme.error : Theme.ok
                        font.bold: true
                        horizontalAlignment: Text.AlignHCenter
                    }
                    BodyText {
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: kiosk.receipt.printError
                        color: Theme.error
                        horizontalAlignment: Text.AlignHCenter
                    }
                }
            }
            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: Theme.spacing
                rowSpacing: Theme.spacing
                BigButton {
                    objectName: "reprintButton"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: qsTr("Reprint")
                    outlined: true
                    enabled: kiosk.receipt.canReprint
                    onClicked: kiosk.receipt.reprint()
                }
                BigButton {
                    objectName: "rateButton"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: qsTr("Rate this service")
                    outlined: true
                    onClicked: kiosk.rateReceipt()
                }
                BigButton {
                    objectName: "finishButton"
                    Layout.fillWidth: true
                    Layout.columnSpan: 2
                    text: qsTr("Finish")
                    onClicked: kiosk.goHome()
                }
            }
        }
    }
}
