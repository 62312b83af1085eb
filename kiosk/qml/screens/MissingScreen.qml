import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// 一次性告知: everything still missing, on one screen, once. Print it, or promise to hand it in later.
ScreenPage {
    id: page
    title: qsTr("Materials still missing")

    Flickable {
        id: flick
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: pager.visible ? pager.left : parent.right
        anchors.rightMargin: pager.visible ? 16 : 0
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        contentHeight: body.implicitHeight
        clip: true
        interactive: !Theme.elderly
        boundsBehavior: Flickable.StopAtBounds
        ColumnLayout {
            id: body
            width: flick.width
            spacing: Theme.spacing
            BodyText {
                Layout.fillWidth: true
                text: qsTr("For “%1”, these %2 materials are still missing:").arg(kiosk.materials.serviceName)
                                                                            .arg(kiosk.materials.missingCount)
                font.pixelSize: Theme.large
                font.bold: true
            }
            Repeater {
                model: kiosk.materials.missingList
                delegate: Rectangle {
                    required property string modelData
                    required property int index
                    objectName: "missing_" + index
                    Layout.fillWidth: true
                    implicitHeight: missingText.implicitHeight + 32
                    radius: 12
                    color: "#FFF4E5"
                    border.color: Theme.warning
                    border.width: 2
                    BodyText {
                        id: missingText
                        anchors.verticalCenter: parent.verticalCenter
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.margins: 20
                        text: (index + 1) + ". " + modelData
                        font.bold: true
                    }
                }
            }
            BodyText {
                Layout.fillWidth: true
                text: qsTr("You can still apply now: sign a commitment letter promising to hand them in at the counter within %1 working days. Or print this list and come back with everything.").arg(Math.max(1, kiosk.materials.timeLimit))
            }
            BodyText {
                objectName: "missingPrintStatus"
                Layout.fillWidth: true
                visible: text !== ""
                text: kiosk.materials.printStatus
                color: kiosk.materials.printState === "printed" ? Theme.ok : Theme.warning
                font.bold: true
            }
        }
    }

    PagerColumn {
        id: pager
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        target: flick
    }

    GridLayout {
        id: footer
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        columns: page.wide ? 3 : 2
        columnSpacing: Theme.spacing
        rowSpacing: 12
        BigButton {
            objectName: "printMissingButton"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            text: kiosk.materials.printState === "printing" ? qsTr("Printing…") : qsTr("Print this list")
            outlined: true
            enabled: kiosk.materials.printState !== "printing"
            onClicked: kiosk.materials.printMissing()
        }
        BigButton {
            objectName: "backToMaterialsButton"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            text: kiosk.materials.cameraAvailable ? qsTr("Back to photos") : qsTr("Back to the list")
            outlined: true
            onClicked: kiosk.back()
        }
        BigButton {
            objectName: "promiseButton"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.columnSpan: page.wide ? 1 : 2
            text: qsTr("Promise to hand them in later")
            fill: Theme.accent
            onClicked: kiosk.materials.goOn()
        }
    }
}
