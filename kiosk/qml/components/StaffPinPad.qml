import QtQuick
import QtQuick.Layouts

// A member of staff signs in: the PIN typed on the keypad (shown as dots), why it was refused under it, then the
// confirm button or the staff card on the reader. The staff sign-in screen and the face check's clerk step.
// objectNames: <name>Pin, <name>Message, <name>Key_<key>, <name>SignIn, <name>Card.
ColumnLayout {
    id: pad
    property string name: "staff"
    property string pin: ""  // as the view-model shows it (one dot a digit)
    property string message: ""  // a refusal (or why staff sign-in is not possible)
    property string confirmText  // the caller's words: "Sign in", "Confirm"
    property int keyHeight: Theme.buttonHeight - 10
    signal keyPressed(string key)
    signal confirmed()
    signal cardUsed()
    spacing: 10

    Rectangle {
        Layout.fillWidth: true
        implicitHeight: Theme.title * 1.5 + 24
        radius: 12
        border.width: 3
        border.color: pad.message !== "" ? Theme.error : Theme.primary
        Text {
            objectName: pad.name + "Pin"
            anchors.fill: parent
            anchors.margins: 12
            text: pad.pin === "" ? qsTr("(PIN)") : pad.pin
            color: pad.pin === "" ? "#666666" : Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.title
            font.letterSpacing: 8
            verticalAlignment: Text.AlignVCenter
            horizontalAlignment: Text.AlignHCenter
        }
    }
    BodyText {
        objectName: pad.name + "Message"
        Layout.fillWidth: true
        visible: text !== ""
        text: pad.message
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
                objectName: pad.name + "Key_" + modelData
                Layout.fillWidth: true
                Layout.preferredHeight: pad.keyHeight
                text: modelData === "back" ? qsTr("Delete") : modelData === "clear" ? qsTr("Clear") : modelData
                font.pixelSize: modelData.length === 1 ? Theme.title : Theme.large
                outlined: modelData.length > 1
                onClicked: pad.keyPressed(modelData)
            }
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing
        BigButton {
            objectName: pad.name + "SignIn"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            text: pad.confirmText
            fill: Theme.accent
            enabled: pad.pin !== "" && !kiosk.busy
            onClicked: pad.confirmed()
        }
        BigButton {
            objectName: pad.name + "Card"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            text: qsTr("Staff card")
            outlined: true
            enabled: !kiosk.busy
            onClicked: pad.cardUsed()
        }
    }
}
