import QtQuick
import QtQuick.Layouts
import "../components"

// Put the ID card on the reader, then touch the big button.
ScreenPage {
    id: page
    title: qsTr("Identify yourself")

    GridLayout {
        anchors.fill: parent
        columns: page.wide ? 2 : 1
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.spacing * 1.5

        // A drawing of the reader with a card on it.
        Item {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.fillHeight: true
            Layout.minimumHeight: 420
            Rectangle {
                id: reader
                anchors.centerIn: parent
                anchors.verticalCenterOffset: 60
                width: Math.min(parent.width * 0.8, 620)
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
                font.pixelSize: 96
                font.bold: true
                color: Theme.accent
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignVCenter
            spacing: Theme.spacing * 1.5
            BodyText {
                Layout.fillWidth: true
                text: qsTr("Please put your ID card on the reading area")
                font.pixelSize: Theme.title
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
            }
            BodyText {
                Layout.fillWidth: true
                text: kiosk.identify.reading ? qsTr("Reading your card… please keep it still.")
                                             : qsTr("Then touch the button below.")
                color: Theme.muted
                horizontalAlignment: Text.AlignHCenter
            }
            BigButton {
                objectName: "readCardButton"
                Layout.fillWidth: true
                Layout.preferredHeight: 140
                text: kiosk.identify.reading ? qsTr("Reading…") : qsTr("Read my ID card")
                font.pixelSize: Theme.huge
                enabled: !kiosk.identify.reading
                fill: Theme.accent
                onClicked: kiosk.identify.readCard()
            }
            Rectangle {
                Layout.fillWidth: true
                visible: kiosk.identify.error !== ""
                implicitHeight: errorText.implicitHeight + 40
                radius: 16
                color: "#FDECEA"
                border.color: Theme.error
                border.width: 3
                BodyText {
                    id: errorText
                    anchors.centerIn: parent
                    width: parent.width - 40
                    text: kiosk.identify.error
                    color: Theme.error
                    font.pixelSize: Theme.large
                    font.bold: true
                    horizontalAlignment: Text.AlignHCenter
                }
            }
        }
    }
}
