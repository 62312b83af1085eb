import QtQuick
import QtQuick.Layouts
import "../components"

// 好差评: one answer out of five; a low one asks what went wrong; then thanks.
ScreenPage {
    id: page
    title: qsTr("Rate this service")

    ColumnLayout {
        anchors.fill: parent
        visible: kiosk.rate.step === "levels"
        spacing: Theme.spacing
        BodyText {
            Layout.fillWidth: true
            text: qsTr("How satisfied are you?")
            font.pixelSize: Theme.title
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        Repeater {
            model: kiosk.rate.levels
            delegate: BigButton {
                required property var modelData
                objectName: "level_" + modelData.level
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.maximumHeight: 170
                text: modelData.label
                font.pixelSize: Theme.huge
                fill: ["#B00020", "#E65100", "#5D6B00", "#2E7D32", "#1B5E20"][modelData.level - 1]
                enabled: !kiosk.rate.sending
                onClicked: kiosk.rate.choose(modelData.level)
            }
        }
        BodyText {
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.rate.error
            color: Theme.error
            font.bold: true
        }
    }

    ColumnLayout {
        anchors.fill: parent
        visible: kiosk.rate.step === "reasons"
        spacing: Theme.spacing
        BodyText {
            Layout.fillWidth: true
            text: qsTr("We are sorry. What went wrong? Touch all that apply.")
            font.pixelSize: Theme.title
            font.bold: true
        }
        GridLayout {
            Layout.fillWidth: true
            columns: page.wide ? 2 : 1
            columnSpacing: Theme.spacing
            rowSpacing: 14
            Repeater {
                model: kiosk.rate.reasons
                delegate: BigButton {
                    required property var modelData
                    objectName: "reason_" + modelData.key
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: (modelData.chosen ? "✓ " : "") + modelData.label
                    font.pixelSize: Theme.body
                    outlined: true
                    checked: modelData.chosen
                    onClicked: kiosk.rate.toggleReason(modelData.key)
                }
            }
        }
        Item { Layout.fillHeight: true }
        BodyText {
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.rate.error
            color: Theme.error
            font.bold: true
        }
        BigButton {
            objectName: "sendRatingButton"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: Math.min(parent.width, 800)
            text: kiosk.rate.sending ? qsTr("Sending…") : qsTr("Send")
            fill: Theme.accent
            enabled: !kiosk.rate.sending
            onClicked: kiosk.rate.submit()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        visible: kiosk.rate.step === "done"
        spacing: Theme.spacing * 2
        Item { Layout.fillHeight: true }
        BodyText {
            objectName: "rateThanks"
            Layout.fillWidth: true
            text: qsTr("Thank you! Your rating “%1” has been recorded.").arg(kiosk.rate.levelLabel)
            font.pixelSize: Theme.title
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        BigButton {
            objectName: "rateDoneButton"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: Math.min(parent.width, 800)
            text: qsTr("Back to the start")
            onClicked: kiosk.goHome()
        }
        Item { Layout.fillHeight: true }
    }
}
