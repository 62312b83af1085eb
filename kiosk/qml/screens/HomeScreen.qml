import QtQuick
import QtQuick.Layouts
import QtQuick.Window
import "../components"

// Start screen: three big tiles (and 取号 with a hall queue, 结果领取 with results to print); the language, elderly mode and "listen again"; the link to the network.
Rectangle {
    id: home
    color: Theme.background
    readonly property bool wide: Window.width > Window.height

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin * 1.5
        spacing: Theme.spacing

        BodyText {
            objectName: "homeTitle"
            Layout.fillWidth: true
            text: qsTr("Government Services Self-Service")
            font.pixelSize: Theme.huge
            wrapMode: Text.NoWrap  // one line, a little smaller if need be, never below the title size
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Theme.title
            font.bold: true
            color: Theme.primary
            MouseArea {  // hidden staff entry: hold the title for 3 seconds
                objectName: "staffEntry"
                anchors.fill: parent
                pressAndHoldInterval: 3000
                onPressAndHold: kiosk.choose("staff")
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            BigButton {
                objectName: "elderlyButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: kiosk.elderly ? qsTr("Standard mode") : qsTr("Elderly mode")
                font.pixelSize: Theme.body
                outlined: !kiosk.elderly
                fill: Theme.accent
                onClicked: kiosk.toggleElderly()
            }
            BigButton {
                objectName: "listenButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: qsTr("Listen again")
                font.pixelSize: Theme.body
                outlined: true
                onClicked: kiosk.announce()
            }
            BigButton {
                objectName: "languageButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: kiosk.language === "zh_CN" ? "English" : "中文"
                font.pixelSize: Theme.body
                outlined: true
                onClicked: kiosk.toggleLanguage()
            }
        }
        BodyText {
            Layout.fillWidth: true
            text: qsTr("Touch what you want to do.")
            font.pixelSize: Theme.large
            color: Theme.muted
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: home.wide ? 3 + (kiosk.queueOffered ? 1 : 0) + (kiosk.resultsOffered ? 1 : 0) : 1
            rowSpacing: Theme.spacing
            columnSpacing: home.wide ? Theme.spacing : Theme.spacing * 1.5

            Repeater {
                model: (kiosk.queueOffered ? [
                    { title: qsTr("Take a number"), sub: qsTr("Queue; priority for bookings and 70+"),
                      mark: "号", colour: "#5B2C83", action: "queue" }] : []).concat([
                    { title: qsTr("Personal services"), sub: qsTr("ID cards, pensions, social security, certificates"),
                      mark: "人", colour: "#0A4595", action: "personal" },
                    { title: qsTr("Business services"), sub: qsTr("Shops, companies, licences"),
                      mark: "企", colour: "#1B5E20", action: "business" },
                    { title: qsTr("Check my application"), sub: qsTr("Enter or scan the code on your receipt, or use your ID card"),
                      mark: "查", colour: "#8A3B00", action: "track" }
                ]).concat(kiosk.resultsOffered ? [
                    { title: qsTr("Collect my results"), sub: qsTr("Print approvals and certificates on A4"),
                      mark: "取", colour: "#00695C", action: "results" }] : [])
                delegate: Rectangle {
                    id: tile
                    required property var modelData
                    objectName: "tile_" + modelData.action
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.fillHeight: true
                    // as tall as its words need (wrapped at the tile's width), so they never spill out of it
                    Layout.minimumHeight: Math.max(home.wide ? 240 : 120 + 2 * Theme.margin,
                                                   words.implicitHeight + 2 * row.anchors.margins)
                    radius: 28
                    color: tapArea.pressed ? Qt.darker(modelData.colour, 1.3) : modelData.colour
                    RowLayout {
                        id: row
                        anchors.fill: parent
                        anchors.margins: home.wide ? Theme.spacing * 0.75 : Theme.margin
                        spacing: Theme.spacing * 1.5
                        Rectangle {
                            Layout.preferredWidth: 120
                            Layout.preferredHeight: 120
                            Layout.alignment: Qt.AlignVCenter
                            visible: !home.wide
                            radius: 60
                            color: "white"
                            Text {
                                anchors.centerIn: parent
                                text: tile.modelData.mark
                                font.family: Theme.fontFamily
                                font.pixelSize: 68
                                font.bold: true
                                color: tile.modelData.colour
                            }
                        }
                        ColumnLayout {
                            id: words
                            Layout.fillWidth: true
                            Layout.alignment: Qt.AlignVCenter
                            spacing: 16
                            BodyText {
                                Layout.fillWidth: true
                                text: tile.modelData.title
                                color: "white"
                                // five tiles side by side: a size at which the longest word fits the tile
                                font.pixelSize: home.wide ? Theme.title : Theme.huge
                                wrapMode: Text.WordWrap
                                font.bold: true
                                horizontalAlignment: home.wide ? Text.AlignHCenter : Text.AlignLeft
                            }
                            BodyText {
                                Layout.fillWidth: true
                                text: tile.modelData.sub
                                wrapMode: Text.WordWrap
                                color: "white"
                                font.pixelSize: Theme.body
                                horizontalAlignment: home.wide ? Text.AlignHCenter : Text.AlignLeft
                            }
                        }
                    }
                    MouseArea {
                        id: tapArea
                        anchors.fill: parent
                        onClicked: kiosk.choose(tile.modelData.action)
                    }
                }
            }
        }
        LinkBadge {
            Layout.fillWidth: true
            visible: kiosk.link.text !== ""
        }
    }
}
