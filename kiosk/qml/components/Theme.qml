pragma Singleton
import QtQuick

// Large type and high contrast for elderly residents: body text >= 28 px, buttons >= 88 px tall.
// Elderly mode (适老模式, bound to kiosk.elderly in Main.qml): text >= 32 px, targets >= 96 px.
QtObject {
    property bool elderly: false
    readonly property string fontFamily: "Noto Sans CJK SC"
    readonly property int small: elderly ? 32 : 28
    readonly property int body: elderly ? 36 : 32
    readonly property int large: elderly ? 44 : 40
    readonly property int title: elderly ? 50 : 44
    readonly property int huge: elderly ? 64 : 60
    readonly property int buttonHeight: elderly ? 116 : 100
    readonly property int touch: elderly ? 96 : 76
    readonly property int margin: 32
    readonly property int spacing: 24
    readonly property color background: "#FFFFFF"
    readonly property color text: "#111111"
    readonly property color muted: "#3A3A3A"
    readonly property color primary: "#0A4595"
    readonly property color primaryDark: "#06306A"
    readonly property color accent: "#B3261E"
    readonly property color panel: "#E9F0FA"
    readonly property color line: "#5C6B7A"
    readonly property color error: "#B00020"
    readonly property color ok: "#1B5E20"
    readonly property color warning: "#7A4A00"
    readonly property color disabled: "#BDBDBD"
}
