import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// 告知承诺书: read the letter, sign in the box.
ScreenPage {
    id: page
    title: qsTr("Commitment letter")

    GridLayout {
        anchors.fill: parent
        columns: page.wide ? 2 : 1
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: 16
            Flickable {
                id: flick
                Layout.fillWidth: true
                Layout.fillHeight: true
                contentHeight: letter.implicitHeight
                clip: true
                interactive: !Theme.elderly
                boundsBehavior: Flickable.StopAtBounds
                ColumnLayout {
                    id: letter
                    width: flick.width
                    spacing: 16
                    BodyText {
                        Layout.fillWidth: true
                        text: qsTr("Commitment letter (告知承诺书)")
                        font.pixelSize: Theme.title
                        font.bold: true
                        horizontalAlignment: Text.AlignHCenter
                    }
                    Repeater {
                        model: kiosk.commitment.paragraphs
                        delegate: BodyText {
                            required property string modelData
                            required property int index
                            Layout.fillWidth: true
                            text: (index + 1) + ". " + modelData
                        }
                    }
                }
            }
            PagerColumn {
                Layout.fillHeight: true
                target: flick
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.fillHeight: page.wide
            spacing: 12
            SignaturePad {
                Layout.fillWidth: true
                Layout.fillHeight: page.wide
                Layout.preferredHeight: page.wide ? -1 : 380
                Layout.minimumHeight: 300
            }
            BodyText {
                objectName: "commitmentError"
                Layout.fillWidth: true
                visible: text !== ""
                text: kiosk.commitment.error
                color: Theme.error
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                BigButton {
                    objectName: "clearSignatureButton"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 2
                    text: qsTr("Sign again")
                    outlined: true
                    enabled: kiosk.commitment.strokeCount > 0 && !kiosk.commitment.saving
                    onClicked: kiosk.commitment.clear()
                }
                BigButton {
                    objectName: "signButton"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 3
                    text: kiosk.commitment.saving ? qsTr("Saving…") : qsTr("I promise: next")
                    fill: Theme.accent
                    enabled: kiosk.commitment.signed && !kiosk.commitment.saving
                    onClicked: kiosk.commitment.accept()
                }
            }
        }
    }
}
