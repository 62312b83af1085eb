import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// The services of a category; type (Pinyin keyboard) to search as you go.
ScreenPage {
    id: page
    title: kiosk.catalogue.category === "法人办事" ? qsTr("Business services") : qsTr("Personal services")

    ColumnLayout {
        anchors.fill: parent
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
            inputMethodHints: Qt.ImhNoPredictiveText
            background: Rectangle {
                radius: 12
                border.width: 3
                border.color: searchField.activeFocus ? Theme.primary : Theme.line
            }
            onTextChanged: kiosk.catalogue.search(text)
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            visible: searchField.text === ""
            Repeater {
                model: kiosk.catalogue.categories
                delegate: BigButton {
                    required property string modelData
                    text: modelData
                    outlined: true
                    checkable: false
                    checked: kiosk.catalogue.category === modelData
                    Layout.fillWidth: true
                    onClicked: kiosk.catalogue.open(modelData)
                }
            }
        }

        ListView {
            id: list
            objectName: "serviceList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 16
            model: kiosk.catalogue.items
            ScrollBar.vertical: ScrollBar { width: 24; policy: list.contentHeight > list.height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded }
            delegate: Rectangle {
                id: row
                required property string code
                required property string name
                required property string department
                required property string fee
                required property string timeLimit
                width: ListView.view.width - 32
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
        }

        BodyText {
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.catalogue.emptyText
            horizontalAlignment: Text.AlignHCenter
            font.pixelSize: Theme.large
        }
    }

    Component.onCompleted: searchField.forceActiveFocus()
}
