import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// 查询办件进度: key in the 20-digit code, see where the application stands.
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
            spacing: 16
            BodyText {
                Layout.fillWidth: true
                text: qsTr("Enter the 20-digit code on your receipt")
                font.bold: true
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: 96
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
                columns: 3
                rowSpacing: 12
                columnSpacing: 12
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]
                    delegate: BigButton {
                        required property string modelData
                        Layout.fillWidth: true
                        Layout.preferredHeight: page.wide ? 88 : 100
                        text: modelData === "back" ? qsTr("Delete") : modelData === "clear" ? qsTr("Clear") : modelData
                        font.pixelSize: modelData.length === 1 ? Theme.huge : Theme.large
                        outlined: modelData.length > 1
                        onClicked: kiosk.track.press(modelData)
                    }
                }
            }
            BigButton {
                objectName: "lookupButton"
                Layout.fillWidth: true
                text: kiosk.track.looking ? qsTr("Looking…") : qsTr("Look up")
                fill: Theme.accent
                enabled: kiosk.track.typed.length > 0 && !kiosk.track.looking
                onClicked: kiosk.track.lookup("")
            }
        }

        Flickable {
            id: flick
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 300
            contentHeight: result.implicitHeight
            clip: true
            ScrollBar.vertical: ScrollBar { width: 24; policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded }
            ColumnLayout {
                id: result
                width: flick.width - 32
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
                Repeater {
                    model: kiosk.track.timeline
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
            }
        }
    }
}
