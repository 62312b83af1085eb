import QtQuick

// The kiosk's button: big, high contrast, two lines at most. Drawn with QtQuick alone (a Rectangle, its label
// and a MouseArea), not QtQuick.Controls: the home screen and the message overlays then need no Controls
// module before the first frame (loading it cost ~12 ms of the cold start).
Rectangle {
    id: control
    property color fill: Theme.primary
    property color ink: "white"
    property bool outlined: false
    property bool checked: false  // a chosen option among several: accent border
    property alias text: label.text
    property alias font: label.font
    readonly property bool down: tapArea.pressed
    signal clicked()

    // Taller when the words need two lines (a long English label), never shorter than a button.
    implicitHeight: Math.max(Theme.buttonHeight, label.implicitHeight + 28)
    implicitWidth: Math.max(220, label.implicitWidth + 72)
    radius: 16
    color: !control.enabled ? Theme.disabled
         : control.outlined ? (control.down || control.checked ? Theme.panel : "white")
         : (control.down ? Qt.darker(control.fill, 1.35) : control.fill)
    border.width: (control.outlined || control.checked) && control.enabled ? 4 : 0  // disabled: all alike, grey
    border.color: control.checked ? Theme.accent : control.fill
    Accessible.role: Accessible.Button
    Accessible.name: control.text
    Accessible.onPressAction: control.clicked()

    Text {
        id: label
        anchors.fill: parent
        anchors.leftMargin: 8
        anchors.rightMargin: 8
        anchors.topMargin: 6
        anchors.bottomMargin: 6
        font.family: Theme.fontFamily
        font.pixelSize: Theme.large
        font.bold: true
        color: !control.enabled ? "#555555" : (control.outlined ? control.fill : control.ink)
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.Wrap
        maximumLineCount: 2
        elide: Text.ElideRight
    }
    MouseArea {
        id: tapArea
        anchors.fill: parent
        onClicked: control.clicked()
    }
}
