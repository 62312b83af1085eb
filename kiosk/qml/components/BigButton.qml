import QtQuick
import QtQuick.Controls.Basic

Button {
    id: control
    property color fill: Theme.primary
    property color ink: "white"
    property bool outlined: false
    // Taller when the words need two lines (a long English label), never shorter than a button.
    implicitHeight: Math.max(Theme.buttonHeight, label.implicitHeight + 28)
    implicitWidth: Math.max(220, label.implicitWidth + 72)
    font.family: Theme.fontFamily
    font.pixelSize: Theme.large
    font.bold: true
    focusPolicy: Qt.NoFocus
    contentItem: Text {
        id: label
        text: control.text
        font: control.font
        color: !control.enabled ? "#555555" : (control.outlined ? control.fill : control.ink)
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.Wrap
        maximumLineCount: 2
        elide: Text.ElideRight
    }
    background: Rectangle {
        radius: 16
        color: !control.enabled ? Theme.disabled
             : control.outlined ? (control.down || control.checked ? Theme.panel : "white")
             : (control.down ? Qt.darker(control.fill, 1.35) : control.fill)
        border.width: control.outlined || control.checked ? 4 : 0
        border.color: control.checked ? Theme.accent : control.fill
    }
}
