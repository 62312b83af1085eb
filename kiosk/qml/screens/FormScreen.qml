import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// The application form, built from the service's schema; each field says what is wrong under it.
// Elderly mode: one question per screen, "Next question" to go on.
ScreenPage {
    id: page
    title: kiosk.form.serviceName
    readonly property bool oneByOne: Theme.elderly

    FieldFlickable {
        id: flick
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: pager.visible ? pager.left : parent.right
        anchors.rightMargin: pager.visible ? 16 : 0
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        contentHeight: fields.implicitHeight
        interactive: !Theme.elderly

        GridLayout {
            id: fields
            width: flick.width
            columns: page.wide && !page.oneByOne ? 2 : 1
            columnSpacing: Theme.spacing * 2
            rowSpacing: Theme.spacing

            BodyText {
                Layout.fillWidth: true
                Layout.columnSpan: fields.columns
                visible: page.oneByOne
                text: qsTr("Question %1 of %2").arg(kiosk.form.step).arg(kiosk.form.steps)
                color: Theme.muted
                font.bold: true
            }

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
                    required property int index
                    required property bool multiline
                    required property string origin
                    visible: !page.oneByOne || index === kiosk.form.index
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    spacing: 8

                    BodyText {
                        Layout.fillWidth: true
                        text: field.title + (field.mandatory ? "  *" : "")
                        font.bold: true
                        font.pixelSize: page.oneByOne ? Theme.title : Theme.body
                    }
                    TextField {
                        id: input
                        objectName: visible ? "field_" + field.name : ""
                        visible: field.kind !== "choice" && !field.multiline
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
                                        : field.kind === "id_number" ? (Qt.ImhPreferNumbers | Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText | Qt.ImhSensitiveData)
                                        : Qt.ImhSensitiveData  // the keyboard learns no resident's words
                        background: Rectangle {
                            radius: 12
                            color: field.readOnly ? "#EEEEEE" : "white"
                            border.width: 3
                            border.color: field.error !== "" ? Theme.error : (input.activeFocus ? Theme.primary : Theme.line)
                        }
                        onTextEdited: kiosk.form.setValue(field.name, text)
                        onActiveFocusChanged: if (activeFocus) flick.reveal(field)
                    }
                    TextArea {
                        id: area
                        objectName: visible ? "field_" + field.name : ""
                        visible: field.multiline
                        Layout.fillWidth: true
                        Layout.preferredHeight: Math.max(Theme.buttonHeight * 1.6, implicitHeight)
                        text: field.value
                        readOnly: field.readOnly
                        wrapMode: TextEdit.Wrap
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.large
                        color: Theme.text
                        inputMethodHints: Qt.ImhSensitiveData
                        leftPadding: 20
                        topPadding: 16
                        background: Rectangle {
                            radius: 12
                            color: field.readOnly ? "#EEEEEE" : "white"
                            border.width: 3
                            border.color: field.error !== "" ? Theme.error : (area.activeFocus ? Theme.primary : Theme.line)
                        }
                        onTextChanged: if (text !== field.value) kiosk.form.setValue(field.name, text)
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
                                objectName: "choice_" + field.name + "_" + modelData
                                width: page.oneByOne ? parent.width : 260
                                text: modelData
                                outlined: true
                                checked: field.value === modelData
                                onClicked: kiosk.form.setValue(field.name, modelData)
                            }
                        }
                    }
                    BodyText {
                        objectName: "error_" + field.name
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: field.error !== "" ? "⚠ " + field.error
                            : field.readOnly ? (field.origin === "given" ? qsTr("As entered before the form")
                                                : field.origin === "code" ? qsTr("As your electronic card says (code checked)")
                                                : qsTr("From the ID card"))
                            : field.kind !== "choice" ? field.hint : ""
                        color: field.error !== "" ? Theme.error : Theme.muted
                        font.pixelSize: Theme.small
                        font.bold: field.error !== ""
                    }
                }
            }
        }
    }

    PagerColumn {
        id: pager
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        target: flick
    }

    ColumnLayout {
        id: footer
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        spacing: 12
        BodyText {
            Layout.fillWidth: true
            visible: !page.oneByOne && !kiosk.form.valid
            text: qsTr("Fill in every field marked * to go on.")
            color: Theme.warning
            horizontalAlignment: Text.AlignHCenter
        }
        BigButton {
            objectName: "nextButton"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: Math.min(parent.width, 800)
            text: page.oneByOne ? qsTr("Next question") : qsTr("Next: materials")
            enabled: page.oneByOne || kiosk.form.valid
            onClicked: page.oneByOne ? kiosk.form.nextField() : kiosk.form.next()
        }
    }
}
