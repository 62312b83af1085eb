import QtQuick
import QtQuick.Layouts

// Back, the screen's title, Home (always one tap away); under it "listen again" and the language switch.
Rectangle {
    id: header
    property string title
    property bool backVisible: kiosk.canGoBack
    property bool showLink: false
    color: Theme.primary
    implicitHeight: column.implicitHeight

    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        spacing: 0
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 20
            spacing: 20
            BigButton {
                objectName: "backButton"
                text: qsTr("‹ Back")
                visible: header.backVisible
                fill: "white"
                ink: Theme.primary
                Layout.preferredWidth: 210
                onClicked: kiosk.back()
            }
            Item { visible: !header.backVisible; Layout.preferredWidth: 210 }
            Text {
                objectName: "screenTitle"
                Layout.fillWidth: true
                text: header.title
                color: "white"
                font.family: Theme.fontFamily
                font.pixelSize: Theme.large
                font.bold: true
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                horizontalAlignment: Text.AlignHCenter
            }
            BigButton {
                objectName: "homeButton"
                text: qsTr("Home")
                fill: "white"
                ink: Theme.primary
                Layout.preferredWidth: 210
                onClicked: kiosk.goHome()
            }
        }
        AssistBar {
            Layout.fillWidth: true
            showLink: header.showLink
        }
    }
}
