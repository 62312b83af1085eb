import QtQuick
import QtQuick.Layouts
import "../components"

// Staff sign-in (综合受理): a PIN on the keypad, or the staff member's own card on the reader.
ScreenPage {
    id: page
    title: qsTr("Staff sign-in")

    ColumnLayout {
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: parent.top
        width: Math.min(parent.width, 760)
        spacing: Theme.spacing

        BodyText {
            Layout.fillWidth: true
            text: qsTr("For hall staff and technicians. Enter your PIN, or put your staff card on the reader.")
            horizontalAlignment: Text.AlignHCenter
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: Theme.title * 1.5 + 28
            radius: 12
            border.width: 3
            border.color: kiosk.staff.message !== "" ? Theme.error : Theme.primary
            Text {
                objectName: "staffPin"
                anchors.fill: parent
                anchors.margins: 12
                text: kiosk.staff.pin === "" ? qsTr("(PIN)") : kiosk.staff.pin
                color: kiosk.staff.pin === "" ? "#666666" : Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: Theme.title
                font.letterSpacing: 8
                verticalAlignment: Text.AlignVCenter
                horizontalAlignment: Text.AlignHCenter
            }
        }
        BodyText {
            objectName: "staffMessage"
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.staff.message
            color: Theme.error
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 3
            rowSpacing: 10
            columnSpacing: 12
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]
                delegate: BigButton {
                    required property string modelData
                    objectName: "staffKey_" + modelData
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.buttonHeight - 10
                    text: modelData === "back" ? qsTr("Delete") : modelData === "clear" ? qsTr("Clear") : modelData
                    font.pixelSize: modelData.length === 1 ? Theme.title : Theme.large
                    outlined: modelData.length > 1
                    onClicked: kiosk.staff.press(modelData)
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            BigButton {
                objectName: "staffSignIn"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: qsTr("Sign in")
                fill: Theme.accent
                enabled: kiosk.staff.pin !== "" && !kiosk.busy
                onClicked: kiosk.staff.submitPin()
            }
            BigButton {
                objectName: "staffCard"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: qsTr("Staff card")
                outlined: true
                enabled: !kiosk.busy
                onClicked: kiosk.staff.cardLogin()
            }
        }
    }
}
