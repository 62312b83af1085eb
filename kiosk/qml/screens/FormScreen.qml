import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// The application form, built from the service's schema; each field says what is wrong under it.
ScreenPage {
    id: page
    title: kiosk.form.serviceName

    Flickable {
        id: flick
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        contentHeight: fields.implicitHeight
        clip: true
        ScrollBar.vertical: ScrollBar { width: 24; policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded }

        function reveal(item) {
            var p = item.mapToItem(fields, 0, 0)
            if (p.y < contentY || p.y + item.height > contentY + height)
                contentY = Math.max(0, Math.min(p.y - 40, contentHeight - height))
        }

        GridLayout {
            id: fields
            width: flick.width - 40
            columns: page.wide ? 2 : 1
            columnSpacing: Theme.spacing * 2
            rowSpacing: Theme.spacing

            Repeater {
                model: kiosk.form.fieldsModel
                delegate: ColumnLayout {
                    id: field
                    required property string name
                    required property string title
                    required property string kind
                    required property string value
                    required property string error
                    required property bool mandatory
                    required property bool readOnly
                    required property var choices
                    required property string hint
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    spacing: 8

                    BodyText {
                        Layout.fillWidth: true
                        text: field.title + (field.mandatory ? "  *" : "")
                        font.bold: true
                    }
                    TextField {
                        id: input
                        objectName: "field_" + field.name
                        visible: field.kind !== "choice"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.buttonHeight
                        text: field.value
                        readOnly: field.readOnly
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.large
                        color: Theme.text
                        leftPadding: 20
                        inputMethodHints: field.kind === "number" || field.kind === "phone" ? Qt.ImhDigitsOnly
                                        : field.kind === "date" ? Qt.ImhFormattedNumbersOnly
                                        : field.kind === "id_number" ? (Qt.ImhPreferNumbers | Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText)
                                        : Qt.ImhNone
                        background: Rectangle {
                            radius: 12
                            color: field.readOnly ? "#EEEEEE" : "white"
                            border.width: 3
                            border.color: field.error !== "" ? Theme.error : (input.activeFocus ? Theme.primary : Theme.line)
                        }
                        onTextEdited: kiosk.form.setValue(field.name, text)
                        onActiveFocusChanged: if (activeFocus) flick.reveal(field)
                    }
                    Flow {
                        visible: field.kind === "choice"
                        Layout.fillWidth: true
                        spacing: 16
                        Repeater {
                            model: field.choices
                            delegate: BigButton {
                                required property string modelData
                                width: 260
                                text: modelData
                                outlined: true
                                checked: field.value === modelData
                                onClicked: kiosk.form.setValue(field.name, modelData)
                            }
                        }
                    }
                    BodyText {
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: field.error !== "" ? "⚠ " + field.error
                            : field.readOnly ? qsTr("From your ID card")
                            : field.kind !== "choice" ? field.hint : ""
                        color: field.error !== "" ? Theme.error : Theme.muted
                        font.pixelSize: Theme.small
                        font.bold: field.error !== ""
                    }
                }
            }
        }
    }

    ColumnLayout {
        id: footer
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        spacing: 12
        BodyText {
            Layout.fillWidth: true
            visible: !kiosk.form.valid
            text: qsTr("Fill in every field marked * to go on.")
            color: Theme.warning
            horizontalAlignment: Text.AlignHCenter
        }
        BigButton {
            objectName: "nextButton"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: Math.min(parent.width, 800)
            text: qsTr("Next: check my answers")
            enabled: kiosk.form.valid
            onClicked: kiosk.form.next()
        }
    }
}
