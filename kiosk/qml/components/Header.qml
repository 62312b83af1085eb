import QtQuick
import QtQuick.Layouts

Rectangle {
    id: header
    property string title
    property bool backVisible: kiosk.canGoBack
    color: Theme.primary
    implicitHeight: Theme.buttonHeight + 40

    RowLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 20
        BigButton {
            text: qsTr("‹ Back")
            visible: header.backVisible
            fill: "white"
            ink: Theme.primary
            Layout.preferredWidth: 220
            onClicked: kiosk.back()
        }
        Text {
            Layout.fillWidth: true
            text: header.title
            color: "white"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.title
            font.bold: true
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            horizontalAlignment: Text.AlignHCenter
        }
        BigButton {
            text: qsTr("Home")
            fill: "white"
            ink: Theme.primary
            Layout.preferredWidth: 220
            onClicked: kiosk.goHome()
        }
    }
}
