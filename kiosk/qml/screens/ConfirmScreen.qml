import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// Check the answers (personal details masked), then submit.
ScreenPage {
    id: page
    title: qsTr("Please check")

    Flickable {
        id: flick
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        contentHeight: summary.implicitHeight
        clip: true
        ScrollBar.vertical: ScrollBar { width: 24; policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded }

        GridLayout {
            id: summary
            width: flick.width - 40
            columns: page.wide ? 2 : 1
            columnSpacing: Theme.spacing * 2
            rowSpacing: Theme.spacing
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: Theme.spacing
                Section {
                    Layout.fillWidth: true
                    heading: qsTr("Service")
                    BodyText { Layout.fillWidth: true; text: kiosk.confirm.serviceName; font.pixelSize: Theme.large; font.bold: true }
                }
                Section {
                    Layout.fillWidth: true
                    heading: qsTr("Applicant")
                    BodyText { Layout.fillWidth: true; text: kiosk.confirm.maskedName + "　" + kiosk.confirm.maskedId }
                }
            }
            Section {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                heading: qsTr("Your answers")
                GridLayout {
                    Layout.fillWidth: true
                    columns: 2
                    columnSpacing: Theme.spacing
                    rowSpacing: 12
                    Repeater {
                        model: kiosk.confirm.summary
                        delegate: BodyText {
                            required property var modelData
                            required property int index
                            Layout.row: index
                            Layout.column: 0
                            Layout.preferredWidth: 240
                            text: modelData.label
                            color: Theme.muted
                        }
                    }
                    Repeater {
                        model: kiosk.confirm.summary
                        delegate: BodyText {
                            required property var modelData
                            required property int index
                            Layout.row: index
                            Layout.column: 1
                            Layout.fillWidth: true
                            text: modelData.value
                            font.bold: true
                        }
                    }
                }
            }
        }
    }

    ColumnLayout {
        id: footer
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        spacing: 12
        BodyText {
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.confirm.error
            color: Theme.error
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            BigButton {
                Layout.fillWidth: true
                text: qsTr("Change answers")
                outlined: true
                enabled: !kiosk.confirm.submitting
                onClicked: kiosk.back()
            }
            BigButton {
                objectName: "submitButton"
                Layout.fillWidth: true
                text: kiosk.confirm.submitting ? qsTr("Saving…") : qsTr("Submit")
                fill: Theme.accent
                enabled: !kiosk.confirm.submitting
                onClicked: kiosk.submitApplication()
            }
        }
    }
}
