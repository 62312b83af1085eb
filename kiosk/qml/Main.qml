import QtQuick
import QtQuick.Window
import "components"

Window {
    id: win
    width: initialWidth
    height: initialHeight
    color: Theme.background
    title: qsTr("Government service kiosk")
    readonly property bool wide: width > height

    function screenFile(name) {
        return "screens/" + name.charAt(0).toUpperCase() + name.slice(1) + "Screen.qml"
    }

    Binding { target: Theme; property: "elderly"; value: kiosk.elderly }

    // The session ended (home, or nobody answered): nothing typed may linger in the input method.
    Connections {
        target: kiosk
        function onWiped() {
            Qt.inputMethod.reset()
            Qt.inputMethod.hide()
        }
    }

    Loader {
        id: screen
        objectName: "screenLoader"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: keyboard.shown ? keyboard.top : parent.bottom
        source: win.screenFile(kiosk.screen)
    }

    // The virtual keyboard (OnScreenKeyboard.qml), built once the home screen is on the glass: in an event
    // of its own after the first frame, not inside the first frame's handlers.
    Loader {
        id: keyboard
        objectName: "keyboardLoader"
        readonly property bool shown: item !== null && item.active
        active: false
        z: 90
        width: win.wide ? Math.min(win.width, 1300) : win.width
        x: (win.width - width) / 2
        y: shown ? win.height - height : win.height
        source: "OnScreenKeyboard.qml"
    }
    Timer {
        id: keyboardLater
        interval: 0
        onTriggered: keyboard.active = true
    }
    Connections {
        target: win
        enabled: !keyboard.active
        function onFrameSwapped() { keyboardLater.start() }
    }

    // A message for the resident (errors, notices): one button to close it.
    Rectangle {
        objectName: "messageOverlay"
        anchors.fill: parent
        z: 100
        visible: kiosk.message !== ""
        color: "#B3000000"
        MouseArea { anchors.fill: parent }
        Rectangle {
            anchors.centerIn: parent
            width: Math.min(parent.width - 2 * Theme.margin, 900)
            height: messageColumn.implicitHeight + 2 * Theme.margin
            radius: 24
            color: "white"
            Column {
                id: messageColumn
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.margin
                spacing: Theme.spacing
                BodyText {
                    objectName: "messageText"
                    width: parent.width
                    text: kiosk.message
                    font.pixelSize: Theme.large
                    horizontalAlignment: Text.AlignHCenter
                }
                BigButton {
                    objectName: "messageOkButton"
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: 360
                    text: qsTr("OK")
                    onClicked: kiosk.dismissMessage()
                }
            }
        }
    }

    // Nobody touched the screen for a while: say so, count down, and let one touch carry on.
    Rectangle {
        objectName: "idleOverlay"
        anchors.fill: parent
        z: 110
        visible: kiosk.idleWarning
        color: "#CC000000"
        MouseArea { anchors.fill: parent; onClicked: kiosk.touched() }
        Rectangle {
            anchors.centerIn: parent
            width: Math.min(parent.width - 2 * Theme.margin, 900)
            height: idleColumn.implicitHeight + 2 * Theme.margin
            radius: 24
            color: "white"
            Column {
                id: idleColumn
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.margin
                spacing: Theme.spacing
                BodyText {
                    width: parent.width
                    text: qsTr("Are you still there?")
                    font.pixelSize: Theme.title
                    font.bold: true
                    horizontalAlignment: Text.AlignHCenter
                }
                Text {
                    objectName: "idleCountdown"
                    width: parent.width
                    text: kiosk.idleSecondsLeft
                    font.family: Theme.fontFamily
                    font.pixelSize: 120
                    font.bold: true
                    color: Theme.accent
                    horizontalAlignment: Text.AlignHCenter
                }
                BodyText {
                    width: parent.width
                    text: qsTr("To keep your details safe, this screen goes back to the start in %1 seconds and forgets what you entered.").arg(kiosk.idleSecondsLeft)
                    horizontalAlignment: Text.AlignHCenter
                }
                BigButton {
                    objectName: "continueButton"
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: 480
                    text: qsTr("Continue")
                    fill: Theme.accent
                    onClicked: kiosk.touched()
                }
            }
        }
    }
}
