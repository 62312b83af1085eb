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
        anchors.right: pager.visible ? pager.left : parent.right
        anchors.rightMargin: pager.visible ? 16 : 0
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        contentHeight: grid.implicitHeight
        clip: true
        interactive: !Theme.elderly
        boundsBehavior: Flickable.StopAtBounds

        GridLayout {
            id: grid
            width: flick.width
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
                              + (modelData.required ? "" : "　" + qsTr("(if you have it)"))
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
                heading: qsTr("Collecting the result")
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                BodyText { Layout.fillWidth: true; objectName: "guideDelivery"; text: kiosk.guide.delivery }
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

    PagerColumn {
        id: pager
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        target: flick
    }

    ColumnLayout {
        id: footer
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        spacing: 12
        BodyText {
            objectName: "guidePrintStatus"
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.guide.printStatus
            color: kiosk.guide.printState === "printed" ? Theme.ok : Theme.warning
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            BigButton {
                objectName: "printGuideButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 2
                text: kiosk.guide.printState === "printing" ? qsTr("Printing…") : qsTr("Print this guide")
                outlined: true
                enabled: kiosk.guide.printState !== "printing"
                onClicked: kiosk.guide.printSlip()
            }
            BigButton {
                id: startButton
                objectName: "startButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 3
                text: qsTr("Start my application")
                fill: Theme.accent
                onClicked: kiosk.startApplication()
            }
        }
    }
}
