import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// The services of a category, by life event; type (Pinyin keyboard) to search as you go, most used first.
ScreenPage {
    id: page
    title: kiosk.catalogue.category === "法人办事" ? qsTr("Business services") : qsTr("Personal services")

    GridLayout {
        anchors.fill: parent
        columns: page.wide ? 2 : 1
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.spacing

        ColumnLayout {
            Layout.fillWidth: !page.wide
            Layout.preferredWidth: page.wide ? 720 : -1
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing

            TextField {
                id: searchField
                objectName: "searchField"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.buttonHeight
                font.family: Theme.fontFamily
                font.pixelSize: Theme.large
                placeholderText: qsTr("Search, e.g. 身份证 or sfz")
                placeholderTextColor: "#555555"
                color: Theme.text
                leftPadding: 24
                inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhSensitiveData  // the keyboard learns no resident's words
                background: Rectangle {
                    radius: 12
                    border.width: 3
                    border.color: searchField.activeFocus ? Theme.primary : Theme.line
                }
                // Pinyin being composed counts too: "sfz" finds 身份证 before a character is chosen. The
                // keyboard shows the syllables apart ("s f z", "shen'fen"): the catalogue wants them joined.
                readonly property string typed: text + preeditText.replace(/[\s']/g, "")
                onTypedChanged: kiosk.catalogue.search(typed)
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                visible: searchField.typed === ""
                Repeater {
                    model: kiosk.catalogue.categories
                    delegate: BigButton {
                        required property string modelData
                        objectName: "category_" + modelData
                        text: modelData === "法人办事" ? qsTr("Business services") : qsTr("Personal services")
                        font.pixelSize: Theme.body
                        outlined: true
                        checked: kiosk.catalogue.category === modelData
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        onClicked: kiosk.catalogue.open(modelData)
                    }
                }
            }

            BodyText {
                Layout.fillWidth: true
                visible: searchField.typed === "" && kiosk.catalogue.lifeEvents.length > 0
                text: qsTr("By life event:")
                font.bold: true
            }
            Flow {
                Layout.fillWidth: true
                visible: searchField.typed === "" && kiosk.catalogue.lifeEvents.length > 0
                spacing: 14
                Repeater {
                    model: [""].concat(kiosk.catalogue.lifeEvents)
                    delegate: BigButton {
                        required property string modelData
                        objectName: "lifeEvent_" + (modelData === "" ? "all" : modelData)
                        implicitHeight: Theme.touch
                        implicitWidth: Math.max(160, contentItem.implicitWidth + 48)
                        text: modelData === "" ? qsTr("All") : modelData
                        font.pixelSize: Theme.body
                        outlined: true
                        checked: kiosk.catalogue.lifeEvent === modelData
                        onClicked: kiosk.catalogue.chooseLifeEvent(modelData)
                    }
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 16

            ListView {
                id: list
                objectName: "serviceList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 16
                interactive: !Theme.elderly
                boundsBehavior: Flickable.StopAtBounds
                model: kiosk.catalogue.items
                delegate: Rectangle {
                    id: row
                    required property string code
                    required property string name
                    required property string department
                    required property string fee
                    required property string timeLimit
                    objectName: "service_" + code
                    width: ListView.view.width
                    height: Math.max(150, rowColumn.implicitHeight + 40)
                    radius: 16
                    color: rowArea.pressed ? "#C9D9F0" : Theme.panel
                    border.color: Theme.line
                    border.width: 2
                    ColumnLayout {
                        id: rowColumn
                        anchors.left: parent.left
                        anchors.right: arrow.left
                        anchors.verticalCenter: parent.verticalCenter
                        anchors.leftMargin: 28
                        spacing: 8
                        BodyText {
                            Layout.fillWidth: true
                            text: row.name
                            font.pixelSize: Theme.large
                            font.bold: true
                        }
                        BodyText {
                            Layout.fillWidth: true
                            text: row.department + "　·　" + qsTr("Fee: %1").arg(row.fee) + "　·　" + row.timeLimit
                            font.pixelSize: Theme.small
                            color: Theme.muted
                        }
                    }
                    Text {
                        id: arrow
                        anchors.right: parent.right
                        anchors.rightMargin: 28
                        anchors.verticalCenter: parent.verticalCenter
                        text: "›"
                        font.pixelSize: 72
                        color: Theme.primary
                    }
                    MouseArea {
                        id: rowArea
                        anchors.fill: parent
                        onClicked: kiosk.catalogue.select(row.code)
                    }
                }
                BodyText {
                    anchors.top: parent.top
                    anchors.left: parent.left
                    anchors.right: parent.right
                    visible: text !== ""
                    text: kiosk.catalogue.emptyText
                    horizontalAlignment: Text.AlignHCenter
                    font.pixelSize: Theme.large
                }
            }
            PagerColumn {
                Layout.fillHeight: true
                target: list
            }
        }
    }
}
