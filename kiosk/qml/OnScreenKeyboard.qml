import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

// The on-screen keyboard, Pinyin first. Main.qml loads it just after the first frame: building it costs
// more than the whole home screen, and nobody types on the home screen.
InputPanel {
    objectName: "keyboard"
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
    }
}
