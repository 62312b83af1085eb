import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// 办事指南: what you need before you start.
ScreenPage {
    id: page
    title: kiosk.guide.name

    Flickable {
        id: flick
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: startButton.top
        anchors.bottomMargin: Theme.spacing
        contentHeight: grid.implicitHeight
        clip: true
        ScrollBar.vertical: ScrollBar { width: 24; policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded }

        GridLayout {
            id: grid
            width: flick.width - 32
            columns: page.wide ? 2 : 1
            columnSpacing: Theme.spacing * 2
            rowSpacing: Theme.spacing * 1.5

            Section {
                heading: qsTr("Who can apply")
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                Repeater {
                    model: kiosk.guide.conditions
                    delegate: BodyText {
                        required property string modelData
                        Layout.fillWidth: true
                        text: "• " + modelData
                    }
                }
            }
            Section {
                heading: qsTr("What to bring")
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                Repeater {
                    model: kiosk.guide.materials
                    delegate: BodyText {
                        required property var modelData
                        Layout.fillWidth: true
                        text: "• " + modelData.name + "　" + modelData.copies
                              + (modelData.note ? "（" + modelData.note + "）" : "")
                    }
                }
            }
            Section {
                heading: qsTr("Fee")
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                BodyText {
                    Layout.fillWidth: true
                    text: kiosk.guide.fee
                    font.pixelSize: Theme.title
                    font.bold: true
                    color: kiosk.guide.free ? Theme.ok : Theme.accent
                }
            }
            Section {
                heading: qsTr("Time to finish")
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                BodyText { Layout.fillWidth: true; text: kiosk.guide.timeLimit }
            }
            Section {
                heading: qsTr("Where")
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                BodyText { Layout.fillWidth: true; text: kiosk.guide.department + "\n" + kiosk.guide.location }
            }
            Section {
                heading: qsTr("Complaints and advice")
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                BodyText { Layout.fillWidth: true; text: kiosk.guide.complaint }
            }
        }
    }

    BigButton {
        id: startButton
        objectName: "startButton"
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        width: Math.min(parent.width, 800)
        text: qsTr("Start my application")
        fill: Theme.accent
        onClicked: kiosk.startApplication()
    }
}
