import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// 查询办件进度: key in the 20-digit code, scan the receipt's QR, or read an ID card for all its cases.
ScreenPage {
    id: page
    title: qsTr("Check my application")

    GridLayout {
        anchors.fill: parent
        columns: page.wide ? 2 : 1
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.spacing

        ColumnLayout {
            Layout.fillWidth: !page.wide
            Layout.preferredWidth: page.wide ? 760 : -1
            Layout.alignment: Qt.AlignTop
            spacing: 14
            BodyText {
                Layout.fillWidth: true
                text: qsTr("Enter the 20-digit code on your receipt, or hold its QR code to the scanner")
                font.bold: true
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: Theme.title * 1.5 + 28
                radius: 12
                border.width: 3
                border.color: kiosk.track.error !== "" ? Theme.error : Theme.primary
                Text {
                    objectName: "typedCode"
                    anchors.fill: parent
                    anchors.margins: 12
                    text: kiosk.track.typed === "" ? qsTr("(no digits yet)") : kiosk.track.typedPretty
                    color: kiosk.track.typed === "" ? "#666666" : Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.title
                    font.bold: kiosk.track.typed !== ""
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: Text.AlignHCenter
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: 28
                }
            }
            GridLayout {
                Layout.fillWidth: true
                columns: page.wide ? 4 : 3  // landscape: three rows, so the buttons below stay on the screen
                rowSpacing: 10
                columnSpacing: 12
                Repeater {
                    model: page.wide ? ["1", "2", "3", "clear", "4", "5", "6", "back", "7", "8", "9", "0"]
                                     : ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]
                    delegate: BigButton {
                        required property string modelData
                        objectName: "key_" + modelData
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.buttonHeight - 10
                        text: modelData === "back" ? qsTr("Delete") : modelData === "clear" ? qsTr("Clear") : modelData
                        font.pixelSize: modelData.length === 1 && !page.wide ? Theme.title : Theme.large
                        outlined: modelData.length > 1
                        onClicked: kiosk.track.press(modelData)
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                BigButton {
                    objectName: "lookupButton"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: kiosk.track.looking ? qsTr("Looking…") : qsTr("Look up")
                    fill: Theme.accent
                    enabled: kiosk.track.typed.length > 0 && !kiosk.track.looking
                    onClicked: kiosk.track.lookup("")
                }
                BigButton {
                    objectName: "trackByCardButton"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: kiosk.track.reading ? qsTr("Reading…") : qsTr("Use my ID card")
                    outlined: true
                    enabled: !kiosk.track.reading
                    onClicked: kiosk.track.readCard()
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 300
            spacing: 16
            Flickable {
                id: flick
                Layout.fillWidth: true
                Layout.fillHeight: true
                contentHeight: result.implicitHeight
                clip: true
                interactive: !Theme.elderly
                boundsBehavior: Flickable.StopAtBounds
                ColumnLayout {
                    id: result
                    width: flick.width
                    spacing: 16
                    BodyText {
                        objectName: "trackError"
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: kiosk.track.error
                        color: Theme.error
                        font.pixelSize: Theme.large
                        font.bold: true
                    }
                    BodyText {
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: kiosk.track.note
                        color: Theme.warning
                        font.bold: true
                    }
                    // One person's cases (after reading an ID card), when none is open.
                    BodyText {
                        Layout.fillWidth: true
                        visible: kiosk.track.listed && !kiosk.track.found && kiosk.track.casesModel.count > 0
                        text: qsTr("Applications for this ID card:")
                        font.bold: true
                    }
                    Repeater {
                        model: kiosk.track.listed && !kiosk.track.found ? kiosk.track.casesModel : null
                        delegate: Rectangle {
                            id: caseRow
                            required property string code
                            required property string pretty
                            required property string serviceName
                            required property string statusLabel
                            required property string date
                            required property string channel
                            objectName: "case_" + code
                            Layout.fillWidth: true
                            implicitHeight: caseColumn.implicitHeight + 32
                            radius: 14
                            color: caseArea.pressed ? "#C9D9F0" : Theme.panel
                            border.color: Theme.line
                            border.width: 2
                            ColumnLayout {
                                id: caseColumn
                                anchors.verticalCenter: parent.verticalCenter
                                anchors.left: parent.left
                                anchors.right: parent.right
                                anchors.margins: 20
                                spacing: 4
                                BodyText { Layout.fillWidth: true; text: caseRow.serviceName; font.bold: true }
                                BodyText {
                                    Layout.fillWidth: true
                                    text: caseRow.statusLabel + "　·　" + caseRow.date + "　·　" + caseRow.channel + "\n" + caseRow.pretty
                                    font.pixelSize: Theme.small
                                    color: Theme.muted
                                }
                            }
                            MouseArea { id: caseArea; anchors.fill: parent; onClicked: kiosk.track.open(caseRow.code) }
                        }
                    }
                    BodyText {
                        Layout.fillWidth: true
                        visible: kiosk.track.found
                        text: kiosk.track.serviceName + "\n" + kiosk.track.code
                        font.pixelSize: Theme.large
                        font.bold: true
                    }
                    BodyText {
                        objectName: "statusLabel"
                        Layout.fillWidth: true
                        visible: kiosk.track.found
                        text: qsTr("Status: %1").arg(kiosk.track.statusLabel)
                        font.pixelSize: Theme.title
                        font.bold: true
                        color: Theme.primary
                    }
                    BodyText {
                        Layout.fillWidth: true
                        visible: kiosk.track.found
                        text: (kiosk.track.dueDate !== "" ? qsTr("To be finished by: %1").arg(kiosk.track.dueDate) + "\n" : "")
                              + kiosk.track.syncLabel
                    }
                    BodyText {
                        objectName: "supplementList"
                        Layout.fillWidth: true
                        visible: kiosk.track.found && kiosk.track.supplement.length > 0
                        text: qsTr("Please bring these materials to the office:") + "\n· "
                              + kiosk.track.supplement.join("\n· ")
                              + (kiosk.track.supplementNote !== "" ? "\n" + kiosk.track.supplementNote : "")
                        font.bold: true
                        color: Theme.error
                    }
                    // 补正 at the kiosk: photograph the materials and send them now (one above the other in large
                    // print: side by side the count broke off as "（已拍 1 / 页）")
                    GridLayout {
                        Layout.fillWidth: true
                        visible: kiosk.track.found && kiosk.track.supplement.length > 0 && kiosk.handin.available
                        columns: Theme.elderly ? 1 : 2
                        columnSpacing: Theme.spacing / 2
                        rowSpacing: Theme.spacing / 2
                        BigButton {
                            objectName: "handInCapture"
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                            text: kiosk.handin.busy === "capturing" ? qsTr("Taking the picture…")
                                  : qsTr("Photograph a page (%1)").arg(kiosk.handin.count)
                            outlined: true
                            enabled: kiosk.handin.busy === ""
                            onClicked: kiosk.handin.capture()
                        }
                        BigButton {
                            objectName: "handInSend"
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                            text: kiosk.handin.busy === "sending" ? qsTr("Sending…") : qsTr("Hand them in now")
                            enabled: kiosk.handin.busy === "" && kiosk.handin.count > 0
                            onClicked: kiosk.handin.send()
                        }
                    }
                    BodyText {
                        objectName: "handInMessage"
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: kiosk.handin.error !== "" ? kiosk.handin.error : kiosk.handin.sent
                        color: kiosk.handin.error !== "" ? Theme.error : Theme.primary
                        font.bold: true
                    }
                    Repeater {
                        model: kiosk.track.found ? kiosk.track.timeline : []
                        delegate: RowLayout {
                            required property var modelData
                            Layout.fillWidth: true
                            spacing: 20
                            Rectangle { Layout.preferredWidth: 28; Layout.preferredHeight: 28; radius: 14; color: Theme.primary }
                            BodyText {
                                Layout.fillWidth: true
                                text: modelData.label + "　" + modelData.date + (modelData.note ? "\n" + modelData.note : "")
                            }
                        }
                    }
                    BigButton {
                        objectName: "trackRateButton"
                        Layout.fillWidth: true
                        visible: kiosk.track.canRate
                        text: qsTr("Rate this service")
                        fill: Theme.accent
                        onClicked: kiosk.track.rate()
                    }
                    BodyText {
                        objectName: "trackRated"
                        Layout.fillWidth: true
                        visible: kiosk.track.found && kiosk.track.rated
                        text: kiosk.track.ratingLabel
                              ? qsTr("This application is rated: %1. Each is rated once. Thank you.")
                                .arg(kiosk.track.ratingLabel)
                              : qsTr("You have rated this service. Thank you.")
                        color: Theme.primary
                    }
                }
            }
            PagerColumn {
                Layout.fillHeight: true
                target: flick
            }
        }
    }
}
