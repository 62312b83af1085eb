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
        anchors.right: pager.visible ? pager.left : parent.right
        anchors.rightMargin: pager.visible ? 16 : 0
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        contentHeight: summary.implicitHeight
        clip: true
        interactive: !Theme.elderly
        boundsBehavior: Flickable.StopAtBounds

        GridLayout {
            id: summary
            width: flick.width
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
                    BodyText { objectName: "confirmApplicant"; Layout.fillWidth: true; text: kiosk.confirm.maskedName + "　" + kiosk.confirm.maskedId }
                }
                Section {
                    Layout.fillWidth: true
                    visible: kiosk.confirm.onBehalf
                    heading: qsTr("Applying on behalf (代办)")
                    BodyText { objectName: "confirmAgent"; Layout.fillWidth: true; text: kiosk.confirm.agentMaskedName + "　" + kiosk.confirm.agentMaskedId }
                }
                Section {
                    Layout.fillWidth: true
                    heading: qsTr("Materials")
                    BodyText { objectName: "confirmMaterials"; Layout.fillWidth: true; text: kiosk.confirm.materials }
                }
                Section {
                    Layout.fillWidth: true
                    heading: qsTr("Commitment letter")
                    BodyText {
                        Layout.fillWidth: true
                        text: kiosk.confirm.signed ? qsTr("Signed ✓") : qsTr("Not signed")
                        color: kiosk.confirm.signed ? Theme.ok : Theme.error
                        font.bold: true
                    }
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
                            Layout.preferredWidth: page.wide ? 240 : 300
                            Layout.maximumWidth: page.wide ? 240 : 300
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
        // the ways the service's catalogue entry offers; with one only nothing is asked, the screen says which
        readonly property var deliveryLabels: ({ window: qsTr("At the counter"), kiosk: qsTr("Print at a kiosk"),
                                                 post: qsTr("By post") })
        readonly property bool choosing: kiosk.confirm.deliveryMethods.length > 1
        BodyText {
            Layout.fillWidth: true
            objectName: "deliveryQuestion"
            text: footer.choosing ? qsTr("How will you collect the result?")
                                  : qsTr("The result of this service is collected: %1")
                                        .arg(footer.deliveryLabels[kiosk.confirm.delivery] || "")
            font.bold: true
        }
        RowLayout {
            Layout.fillWidth: true
            visible: footer.choosing
            spacing: Theme.spacing / 2
            Repeater {
                model: kiosk.confirm.deliveryMethods.map(m => ({ method: m, label: footer.deliveryLabels[m] }))
                delegate: BigButton {
                    required property var modelData
                    objectName: "delivery_" + modelData.method
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: (kiosk.confirm.delivery === modelData.method ? "✓ " : "") + modelData.label
                    outlined: kiosk.confirm.delivery !== modelData.method
                    enabled: !kiosk.confirm.submitting
                    onClicked: kiosk.confirm.chooseDelivery(modelData.method)
                }
            }
        }
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
                objectName: "changeButton"
                text: qsTr("Change answers")
                outlined: true
                enabled: !kiosk.confirm.submitting
                onClicked: kiosk.navigate("form")
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
