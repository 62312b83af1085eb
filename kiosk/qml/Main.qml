import QtQuick
import QtQuick.Window
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
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

    Loader {
        id: screen
        objectName: "screenLoader"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: keyboard.active ? keyboard.top : parent.bottom
        source: win.screenFile(kiosk.screen)
    }

    InputPanel {
        id: keyboard
        objectName: "keyboard"
        z: 90
        width: win.wide ? Math.min(win.width, 1300) : win.width
        x: (win.width - width) / 2
        y: active ? win.height - height : win.height
    }

    // A message for the resident (errors, notices): one button to close it.
    Rectangle {
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
                    width: parent.width
                    text: kiosk.message
                    font.pixelSize: Theme.large
                    horizontalAlignment: Text.AlignHCenter
                }
                BigButton {
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: 360
                    text: qsTr("OK")
                    onClicked: kiosk.dismissMessage()
                }
            }
        }
    }

    // Nobody touched the screen for a while: say so before going back to the start.
    Rectangle {
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
                BodyText {
                    width: parent.width
                    text: qsTr("To keep your details safe, this screen goes back to the start in %1 seconds.")
                              .arg(kiosk.idleSecondsLeft)
                    horizontalAlignment: Text.AlignHCenter
                }
                BigButton {
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: 420
                    text: qsTr("I am still here")
                    onClicked: kiosk.touched()
                }
            }
        }
    }

    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
    }
}
