import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// The wizard's "devices found" step: the kiosk looks at what is plugged in (serial ports, USB printers,
// scanners, card readers, CUPS queues) and the technician picks each device from the list, or types it.
Item {
    id: step
    property bool wide: true
    signal next()
    readonly property var hw: kiosk.provision.hardware

    ColumnLayout {
        id: top
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: 12
        BodyText {
            Layout.fillWidth: true
            text: qsTr("Plug in every device, then let the kiosk look. Pick each device from what it found, or enter it by hand.")
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            BigButton {
                objectName: "hardwareFind"
                text: step.hw.working ? qsTr("Looking…") : qsTr("Look again")
                enabled: !step.hw.working
                outlined: true
                onClicked: step.hw.find()
            }
            ColumnLayout {
                Layout.fillWidth: true
                visible: step.hw.working
                spacing: 6
                ProgressBar {
                    objectName: "hardwareProgress"
                    Layout.fillWidth: true
                    from: 0
                    to: 1
                    value: step.hw.progressValue
                }
                BodyText {
                    objectName: "hardwareProgressText"
                    Layout.fillWidth: true
                    text: step.hw.progress
                    font.pixelSize: Theme.small
                    color: Theme.muted
                }
            }
        }
        BodyText {
            objectName: "hardwareNothing"
            Layout.fillWidth: true
            visible: step.hw.nothingFound && !step.hw.working
            text: qsTr("Nothing was found. Check the cables and the power and look again, or enter each device by hand below.")
            color: Theme.error
            font.bold: true
        }
        BodyText {
            objectName: "hardwareNotes"
            Layout.fillWidth: true
            visible: text !== "" && !step.hw.working
            text: step.hw.notes
            font.pixelSize: Theme.small
            color: Theme.muted
        }
        BodyText {
            Layout.fillWidth: true
            visible: text !== ""
            text: step.hw.error
            color: Theme.error
            font.bold: true
        }
    }

    Flickable {
        id: flick
        anchors.top: top.bottom
        anchors.topMargin: Theme.spacing
        anchors.left: parent.left
        anchors.right: pager.visible ? pager.left : parent.right
        anchors.rightMargin: pager.visible ? 16 : 0
        anchors.bottom: nextButton.top
        anchors.bottomMargin: Theme.spacing
        contentHeight: roleList.implicitHeight
        clip: true
        interactive: !Theme.elderly
        boundsBehavior: Flickable.StopAtBounds

        GridLayout {
            id: roleList
            width: flick.width
            columns: step.wide ? 2 : 1
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing
            Repeater {
                model: step.hw.roles
                delegate: Rectangle {
                    id: roleBox
                    required property var modelData
                    objectName: "hardwareRole_" + modelData.key
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    implicitHeight: roleColumn.implicitHeight + 32
                    radius: 16
                    color: Theme.panel
                    border.color: Theme.line
                    ColumnLayout {
                        id: roleColumn
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.top: parent.top
                        anchors.margins: 16
                        spacing: 10
                        BodyText {
                            Layout.fillWidth: true
                            text: roleBox.modelData.label
                            font.bold: true
                            color: Theme.primary
                        }
                        BodyText {
                            Layout.fillWidth: true
                            text: qsTr("Now: %1").arg(roleBox.modelData.current)
                            font.pixelSize: Theme.small
                            color: Theme.muted
                            wrapMode: Text.WrapAnywhere  // a device path in full, over lines if it must
                        }
                        Repeater {
                            model: roleBox.modelData.options
                            delegate: Button {
                                id: option
                                required property var modelData
                                required property int index
                                objectName: "hardwareOption_" + roleBox.modelData.key + "_" + index
                                Layout.fillWidth: true
                                implicitHeight: Math.max(Theme.buttonHeight, optionText.implicitHeight + 24)
                                focusPolicy: Qt.NoFocus
                                onClicked: step.hw.choose(roleBox.modelData.key, index)
                                contentItem: ColumnLayout {
                                    id: optionText
                                    spacing: 2
                                    Text {
                                        Layout.fillWidth: true
                                        text: (option.modelData.chosen ? "✓ " : "") + option.modelData.name
                                        font.family: Theme.fontFamily
                                        font.pixelSize: Theme.small
                                        font.bold: option.modelData.likely || option.modelData.chosen
                                        color: option.modelData.chosen ? Theme.ok : Theme.text
                                        wrapMode: Text.WrapAnywhere
                                    }
                                    Text {
                                        Layout.fillWidth: true
                                        visible: text !== ""
                                        text: option.modelData.detail
                                        font.family: Theme.fontFamily
                                        font.pixelSize: Theme.small
                                        color: Theme.muted
                                        wrapMode: Text.WrapAnywhere
                                    }
                                }
                                background: Rectangle {
                                    radius: 12
                                    color: option.down ? Theme.panel : "white"
                                    border.width: option.modelData.chosen ? 4 : 2
                                    border.color: option.modelData.chosen ? Theme.ok : Theme.line
                                }
                            }
                        }
                        BodyText {
                            Layout.fillWidth: true
                            visible: step.hw.searched && roleBox.modelData.options.length === 0
                            text: qsTr("None found.")
                            font.pixelSize: Theme.small
                            color: Theme.muted
                        }
                        BodyText {  // what to type, in full (a placeholder would be cut off)
                            Layout.fillWidth: true
                            text: qsTr("Or enter it by hand: %1").arg(roleBox.modelData.expected)
                            font.pixelSize: Theme.small
                            color: Theme.muted
                            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: 10
                            TextField {
                                id: manual
                                objectName: "hardwareEntry_" + roleBox.modelData.key
                                Layout.fillWidth: true
                                Layout.preferredHeight: Theme.touch
                                font.family: Theme.fontFamily
                                font.pixelSize: Theme.small
                                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                            }
                            BigButton {
                                objectName: "hardwareUse_" + roleBox.modelData.key
                                text: qsTr("Use")
                                font.pixelSize: Theme.small
                                implicitWidth: 140
                                enabled: manual.text.length > 0
                                onClicked: step.hw.enter(roleBox.modelData.key, manual.text)
                            }
                        }
                        BodyText {
                            Layout.fillWidth: true
                            visible: text !== ""
                            text: roleBox.modelData.error
                            font.pixelSize: Theme.small
                            color: Theme.error
                        }
                    }
                }
            }
        }
    }
    PagerColumn {
        id: pager
        target: flick
        anchors.top: flick.top
        anchors.bottom: flick.bottom
        anchors.right: parent.right
    }

    BigButton {
        id: nextButton
        objectName: "hardwareNext"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        text: qsTr("Next: test the devices")
        fill: Theme.accent
        enabled: !step.hw.working
        onClicked: step.next()
    }
}
