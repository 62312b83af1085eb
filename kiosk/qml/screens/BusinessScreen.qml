import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// 法人办事: the organisation's unified social credit code and name, and who is applying for it.
ScreenPage {
    id: page
    title: qsTr("Your organisation")

    Flickable {
        id: flick
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: nextButton.top
        anchors.bottomMargin: Theme.spacing
        contentHeight: column.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        GridLayout {
            id: column
            width: flick.width
            columns: page.wide ? 2 : 1
            columnSpacing: Theme.spacing * 2
            rowSpacing: Theme.spacing

            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: Theme.spacing
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("As on the business licence (营业执照)")
                    color: Theme.muted
                }
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("Unified social credit code (18 characters)") + "  *"
                    font.bold: true
                }
                TextField {
                    id: codeInput
                    objectName: "creditCodeField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.buttonHeight
                    text: kiosk.business.creditCode
                    maximumLength: 30
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.large
                    font.letterSpacing: 2
                    color: Theme.text
                    leftPadding: 20
                    inputMethodHints: Qt.ImhPreferNumbers | Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText | Qt.ImhSensitiveData
                    background: Rectangle {
                        radius: 12
                        color: "white"
                        border.width: 3
                        border.color: kiosk.business.codeError !== "" ? Theme.error
                                    : (codeInput.activeFocus ? Theme.primary : Theme.line)
                    }
                    onTextEdited: kiosk.business.creditCode = text
                }
                BodyText {
                    objectName: "creditCodeError"
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: kiosk.business.codeError !== "" ? "⚠ " + kiosk.business.codeError : ""
                    color: Theme.error
                    font.pixelSize: Theme.small
                    font.bold: true
                }
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("Name of the organisation") + "  *"
                    font.bold: true
                }
                TextField {
                    id: nameInput
                    objectName: "orgNameField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.buttonHeight
                    text: kiosk.business.orgName
                    maximumLength: 60
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.large
                    color: Theme.text
                    leftPadding: 20
                    inputMethodHints: Qt.ImhSensitiveData  // the keyboard learns no resident's words
                    background: Rectangle {
                        radius: 12
                        color: "white"
                        border.width: 3
                        border.color: kiosk.business.nameError !== "" ? Theme.error
                                    : (nameInput.activeFocus ? Theme.primary : Theme.line)
                    }
                    onTextEdited: kiosk.business.orgName = text
                }
                BodyText {
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: kiosk.business.nameError !== "" ? "⚠ " + kiosk.business.nameError : ""
                    color: Theme.error
                    font.pixelSize: Theme.small
                    font.bold: true
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: Theme.spacing
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("You are its")
                    font.bold: true
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 12
                    BigButton {
                        objectName: "roleLegal"
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        text: qsTr("Legal representative (法定代表人)")
                        outlined: true
                        checked: kiosk.business.role === "legal_representative"
                        onClicked: kiosk.business.chooseRole("legal_representative")
                    }
                    BigButton {
                        objectName: "roleAgent"
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        text: qsTr("Authorised agent (授权代理人)")
                        outlined: true
                        checked: kiosk.business.role === "authorised_agent"
                        onClicked: kiosk.business.chooseRole("authorised_agent")
                    }
                }
                BodyText {
                    objectName: "agentNote"
                    Layout.fillWidth: true
                    visible: kiosk.business.role === "authorised_agent"
                    text: qsTr("Please bring the letter of authorisation (授权委托书), signed by the legal representative and stamped with the organisation's seal.")
                    color: Theme.warning
                }
            }
        }
    }

    BigButton {
        id: nextButton
        objectName: "businessNext"
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        width: Math.min(parent.width, 800)
        text: qsTr("Next: the form")
        onClicked: kiosk.business.next()
    }
}
