import QtQuick

// A drawing of the reader with a card going onto it.
Item {
    Rectangle {
        id: reader
        anchors.centerIn: parent
        anchors.verticalCenterOffset: 60
        width: Math.min(parent.width * 0.8, 620, parent.height * 1.2)
        height: width * 0.45
        radius: 30
        color: "#37474F"
        Rectangle {
            anchors.fill: parent
            anchors.margins: 24
            radius: 16
            color: "#546E7A"
            border.color: "#FFD54F"
            border.width: 4
        }
    }
    Rectangle {
        id: card
        width: reader.width * 0.62
        height: width * 0.63
        x: reader.x + (reader.width - width) / 2
        y: reader.y - height * 0.55
        radius: 18
        color: "#E3F2FD"
        border.color: Theme.primary
        border.width: 4
        rotation: -6
        Rectangle { x: parent.width * 0.62; y: parent.height * 0.18; width: parent.width * 0.28; height: parent.height * 0.5; radius: 8; color: "#90A4AE" }
        Column {
            x: parent.width * 0.08
            y: parent.height * 0.2
            spacing: parent.height * 0.09
            Repeater {
                model: 4
                delegate: Rectangle { width: card.width * (0.46 - index * 0.05); height: card.height * 0.06; radius: 4; color: "#78909C"; required property int index }
            }
        }
    }
    Text {
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: card.top
        anchors.bottomMargin: 12
        text: "↓"
        font.pixelSize: 80
        font.bold: true
        color: Theme.accent
    }
}
