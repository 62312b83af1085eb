import QtQuick
import QtQuick.Layouts

// 人证合一 (the identify screen's step after the card, where the service asks for it): look at the camera and
// touch the button; a few tries; then a member of staff confirms with the staff PIN or staff card.
// `face` is kiosk.identify.face (kiosk/viewmodels/face.py).
GridLayout {
    id: step
    required property var face
    property bool wide: false
    readonly property bool clerk: face.phase === "clerk"
    readonly property string staffWords: qsTr("Staff: check the card against the resident, then enter your PIN or put your staff card on the reader (take the resident's card off first).")
    columns: wide ? 2 : 1
    columnSpacing: Theme.spacing * 2
    rowSpacing: Theme.spacing

    // Left (top): the camera step's picture, or why the staff are asked
    ColumnLayout {
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.alignment: Qt.AlignTop
        spacing: Theme.spacing
        BodyText {
            Layout.fillWidth: true
            text: step.clerk ? qsTr("A member of staff will confirm who you are")
                             : qsTr("Face check: please look at the camera")
            font.pixelSize: Theme.title
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        // a face in an oval: where to put one's face
        Rectangle {
            objectName: "faceGuide"
            visible: !step.clerk
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: Math.min(step.width * (step.wide ? 0.3 : 0.45), 380, step.height * 0.36)
            Layout.preferredHeight: Layout.preferredWidth * 1.25
            radius: width / 2
            color: Theme.panel
            border.color: step.face.comparing ? Theme.accent : Theme.primary
            border.width: 8
            Rectangle {  // the head
                anchors.horizontalCenter: parent.horizontalCenter
                y: parent.height * 0.2
                width: parent.width * 0.42
                height: width * 1.2
                radius: width / 2
                color: Theme.primary
                opacity: 0.35
            }
            Rectangle {  // the shoulders
                anchors.horizontalCenter: parent.horizontalCenter
                anchors.bottom: parent.bottom
                anchors.bottomMargin: parent.height * 0.1
                width: parent.width * 0.7
                height: parent.height * 0.2
                radius: height / 2
                color: Theme.primary
                opacity: 0.35
            }
        }
        Rectangle {
            objectName: "faceReason"
            visible: step.clerk
            Layout.fillWidth: true
            implicitHeight: reasonColumn.implicitHeight + 32
            radius: 16
            color: "#FFF4E5"
            border.color: Theme.warning
            border.width: 3
            ColumnLayout {
                id: reasonColumn
                anchors.centerIn: parent
                width: parent.width - 40
                spacing: 12
                BodyText {
                    Layout.fillWidth: true
                    text: step.face.reason
                    color: Theme.warning
                    font.pixelSize: Theme.large
                    font.bold: true
                    horizontalAlignment: Text.AlignHCenter
                }
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("This is not a problem with your application. Please wait: the staff will check your card against you.")
                    horizontalAlignment: Text.AlignHCenter
                }
            }
        }
        BodyText {
            Layout.fillWidth: true
            visible: step.clerk && step.wide  // beside the keypad, not above it: the landscape screen is low
            text: step.staffWords
            color: Theme.muted
        }
        BodyText {
            Layout.fillWidth: true
            visible: !(step.clerk && step.wide)
            text: qsTr("The photo on the card is compared with your face to make sure the card is yours. No picture is kept.")
            color: Theme.muted
            horizontalAlignment: Text.AlignHCenter
        }
    }

    // Right (bottom): what to do now
    ColumnLayout {
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.alignment: step.clerk ? Qt.AlignTop : Qt.AlignVCenter
        spacing: Theme.spacing
        visible: !step.clerk
        BodyText {
            Layout.fillWidth: true
            text: qsTr("Stand in front of the screen and look straight at the camera above it. Take off a hat, a mask or sunglasses.")
            font.pixelSize: Theme.large
            horizontalAlignment: Text.AlignHCenter
        }
        Rectangle {
            Layout.fillWidth: true
            visible: step.face.note !== ""
            implicitHeight: noteText.implicitHeight + 24
            radius: 16
            color: "#FDECEA"
            border.color: Theme.error
            border.width: 3
            BodyText {
                id: noteText
                objectName: "faceNote"
                anchors.centerIn: parent
                width: parent.width - 40
                text: step.face.note
                color: Theme.error
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
            }
        }
        BigButton {
            objectName: "faceCompare"
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.buttonHeight + 30
            text: step.face.comparing ? qsTr("Comparing… please keep still") : qsTr("Start the face check")
            font.pixelSize: Theme.large
            enabled: !step.face.comparing
            fill: Theme.accent
            onClicked: step.face.compare()
        }
    }

    // The staff's confirmation: the PIN, or the staff card
    ColumnLayout {
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.alignment: Qt.AlignTop
        spacing: 12
        visible: step.clerk
        BodyText {
            Layout.fillWidth: true
            visible: !step.wide
            text: step.staffWords
            color: Theme.muted
        }
        StaffPinPad {
            Layout.fillWidth: true
            name: "face"
            pin: step.face.pin ?? ""
            message: step.face.pinError ?? ""
            confirmText: qsTr("Confirm")
            keyHeight: Theme.buttonHeight - 20
            onKeyPressed: (key) => step.face.press(key)
            onConfirmed: step.face.confirmPin()
            onCardUsed: step.face.staffCard()
        }
    }
}
