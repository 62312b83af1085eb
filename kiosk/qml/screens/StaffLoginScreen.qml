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
        StaffPinPad {
            Layout.fillWidth: true
            name: "staff"
            pin: kiosk.staff.pin ?? ""  // (undefined while the window is torn down)
            message: kiosk.staff.message ?? ""
            confirmText: qsTr("Sign in")
            onKeyPressed: (key) => kiosk.staff.press(key)
            onConfirmed: kiosk.staff.submitPin()
            onCardUsed: kiosk.staff.cardLogin()
        }
    }
}
