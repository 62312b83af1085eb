import QtQuick
import QtQuick.Layouts

// On every screen: hear the prompt again, see the link to the network, switch the language.
Rectangle {
    id: assist
    property bool showLink: false
    color: Theme.primaryDark
    implicitHeight: Theme.touch + 16

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 20
        anchors.rightMargin: 20
        anchors.topMargin: 8
        anchors.bottomMargin: 8
        spacing: 20
        BigButton {
            objectName: "listenButton"
            Layout.preferredHeight: Theme.touch
            Layout.preferredWidth: implicitWidth
            text: qsTr("Listen again")
            font.pixelSize: Theme.small
            fill: "white"
            ink: Theme.primaryDark
            onClicked: kiosk.announce()
        }
        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            LinkBadge {
                anchors.verticalCenter: parent.verticalCenter
                width: parent.width
                visible: assist.showLink
                onDark: true
            }
        }
        BigButton {
            objectName: "languageButton"
            Layout.preferredHeight: Theme.touch
            Layout.preferredWidth: implicitWidth
            text: kiosk.language === "zh_CN" ? "English" : "中文"
            font.pixelSize: Theme.small
            fill: "white"
            ink: Theme.primaryDark
            onClicked: kiosk.toggleLanguage()
        }
    }
}
