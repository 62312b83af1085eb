import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// First: for myself, or for someone else (代办)? Then: put the card on the reader and touch the big button.
ScreenPage {
    id: page
    title: qsTr("Identify yourself")
    readonly property bool agentStep: kiosk.identify.role === "agent"

    // Step 1: one question, two big answers.
    ColumnLayout {
        anchors.fill: parent
        visible: kiosk.identify.step === "who"
        spacing: Theme.spacing * 1.5
        BodyText {
            Layout.fillWidth: true
            text: qsTr("Who is this application for?")
            font.pixelSize: Theme.title
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: page.wide ? 2 : 1
            rowSpacing: Theme.spacing * 1.5
            columnSpacing: Theme.spacing * 1.5
            Repeater {
                model: [
                    { name: "forSelfButton", title: qsTr("For myself"), sub: qsTr("You need your own ID card."), colour: "#0A4595" },
                    { name: "forOtherButton", title: qsTr("For someone else (代办)"),
                      sub: qsTr("You need your own ID card and the ID card of the person you apply for."), colour: "#8A3B00" }
                ]
                delegate: Rectangle {
                    id: choice
                    required property var modelData
                    required property int index
                    objectName: modelData.name
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredWidth: 1
                    Layout.minimumHeight: 220
                    radius: 28
                    color: choiceArea.pressed ? Qt.darker(modelData.colour, 1.3) : modelData.colour
                    ColumnLayout {
                        anchors.fill: parent
                        anchors.margins: Theme.margin
                        spacing: 16
                        Item { Layout.fillHeight: true }
                        BodyText {
                            Layout.fillWidth: true
                            text: choice.modelData.title
                            color: "white"
                            font.pixelSize: Theme.huge
                            font.bold: true
                            horizontalAlignment: Text.AlignHCenter
                        }
                        BodyText {
                            Layout.fillWidth: true
                            text: choice.modelData.sub
                            color: "white"
                            horizontalAlignment: Text.AlignHCenter
                        }
                        Item { Layout.fillHeight: true }
                    }
                    MouseArea {
                        id: choiceArea
                        anchors.fill: parent
                        onClicked: choice.index === 0 ? kiosk.identify.forSelf() : kiosk.identify.forOther()
                    }
                }
            }
        }
    }

    // Step 2: the card on the reader.
    GridLayout {
        anchors.fill: parent
        visible: kiosk.identify.step === "card"
        columns: page.wide ? 2 : 1
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.spacing

        CardPicture {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.fillHeight: true
            Layout.minimumHeight: 300
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignVCenter
            spacing: Theme.spacing
            Rectangle {
                Layout.fillWidth: true
                visible: kiosk.identify.onBehalf
                implicitHeight: roleText.implicitHeight + 24
                radius: 12
                color: Theme.panel
                BodyText {
                    id: roleText
                    objectName: "roleText"
                    anchors.centerIn: parent
                    width: parent.width - 32
                    horizontalAlignment: Text.AlignHCenter
                    font.bold: true
                    text: page.agentStep ? qsTr("Step 1 of 2: your own card (the person applying on behalf)")
                                         : qsTr("Step 2 of 2: the card of the person you apply for") + "\n"
                                           + qsTr("Agent: %1 ✓").arg(kiosk.identify.agentMaskedName)
                }
            }
            BodyText {
                Layout.fillWidth: true
                text: page.agentStep ? qsTr("Please put your own ID card on the reading area")
                    : kiosk.identify.onBehalf ? qsTr("Now put the other person's ID card on the reading area")
                    : qsTr("Please put your ID card on the reading area, or insert your social security card")
                font.pixelSize: Theme.title
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
            }
            BodyText {
                objectName: "readingText"
                Layout.fillWidth: true
                text: kiosk.identify.readingCode ? qsTr("Checking your code… please wait.")
                    : kiosk.identify.reading ? qsTr("Reading your card… please keep it still.")
                    : qsTr("Then touch the button below.")
                color: Theme.muted
                horizontalAlignment: Text.AlignHCenter
            }
            BigButton {
                objectName: "readCardButton"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.buttonHeight + 30
                text: kiosk.identify.readingCode ? qsTr("Checking…")
                    : kiosk.identify.reading ? qsTr("Reading…") : qsTr("Read my card")
                font.pixelSize: Theme.huge
                enabled: !kiosk.identify.reading
                fill: Theme.accent
                onClicked: kiosk.identify.readCard()
            }
        }
        // 亮码: the other way in, for a resident without the card (a panel of its own, not a footnote), and
        // an error (whose words then say what to do next instead): under both columns when the screen is wide
        Rectangle {
            objectName: "qrPanel"
            Layout.fillWidth: true
            Layout.columnSpan: page.wide ? 2 : 1
            visible: kiosk.identify.qrAvailable && !kiosk.identify.reading && kiosk.identify.error === ""
            implicitHeight: qrColumn.implicitHeight + 32
            radius: 16
            color: Theme.panel
            border.color: Theme.primary
            border.width: 2
            ColumnLayout {
                id: qrColumn
                anchors.centerIn: parent
                width: parent.width - 40
                spacing: 6
                BodyText {
                    objectName: "qrHint"
                    Layout.fillWidth: true
                    text: qsTr("No card with you? Show the code of your electronic social security card or electronic ID to the scanner.")
                    font.bold: true
                    horizontalAlignment: Text.AlignHCenter
                }
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("The code is checked as soon as the scanner reads it: no button to touch.")
                    color: Theme.muted
                    horizontalAlignment: Text.AlignHCenter
                }
            }
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.columnSpan: page.wide ? 2 : 1
            visible: kiosk.identify.error !== ""
            implicitHeight: errorText.implicitHeight + 24
            radius: 16
            color: "#FDECEA"
            border.color: Theme.error
            border.width: 3
            BodyText {
                id: errorText
                objectName: "identifyError"
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

    // 人证合一, where the service asks for it: the face at the camera against the card's photo, or the staff
    FaceCheckStep {
        anchors.fill: parent
        visible: kiosk.identify.step === "face"
        face: kiosk.identify.face
        wide: page.wide
    }

    // No card (a minor, a lost card): the clerk at the counter types the 户口簿 page in and confirms it.
    Item {
        anchors.fill: parent
        visible: kiosk.identify.step === "register"
        FieldFlickable {
            id: registerFlick
            objectName: "registerFlick"
            anchors.top: parent.top
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: confirmRegister.top
            anchors.bottomMargin: Theme.spacing
            contentHeight: registerColumn.implicitHeight
            ColumnLayout {
                id: registerColumn
                width: registerFlick.width
                spacing: Theme.spacing
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("Identity from the household register (户口簿), confirmed by the staff")
                    font.pixelSize: Theme.title
                    font.bold: true
                }
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("Staff: check the 户口簿 page against the resident, then type the name and the ID number exactly as printed.")
                    color: Theme.muted
                }
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("Name")
                    font.bold: true
                }
                TextField {
                    id: regName
                    objectName: "registerName"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.buttonHeight
                    text: kiosk.identify.registerName
                    maximumLength: 30
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.large
                    leftPadding: 20
                    inputMethodHints: Qt.ImhSensitiveData  // the keyboard learns no resident's words
                    background: Rectangle { radius: 12; color: "white"; border.width: 3
                        border.color: regName.activeFocus ? Theme.primary : Theme.line }
                    onTextEdited: kiosk.identify.registerName = text
                    onActiveFocusChanged: if (activeFocus) registerFlick.reveal(regName)
                }
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("ID number (公民身份号码)")
                    font.bold: true
                }
                TextField {
                    id: regId
                    objectName: "registerIdNumber"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.buttonHeight
                    text: kiosk.identify.registerIdNumber
                    maximumLength: 30
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.large
                    leftPadding: 20
                    inputMethodHints: Qt.ImhPreferNumbers | Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText | Qt.ImhSensitiveData
                    background: Rectangle { radius: 12; color: "white"; border.width: 3
                        border.color: regId.activeFocus ? Theme.primary : Theme.line }
                    onTextEdited: kiosk.identify.registerIdNumber = text
                    onActiveFocusChanged: if (activeFocus) registerFlick.reveal(regId)
                }
                BodyText {
                    id: registerError
                    objectName: "registerError"
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: kiosk.identify.registerError !== "" ? "⚠ " + kiosk.identify.registerError : ""
                    color: Theme.error
                    font.bold: true
                    // a refusal shows under the field it is about: bring it into view (again once laid out)
                    onTextChanged: if (registerError.text !== "") Qt.callLater(registerFlick.reveal, registerError)
                    onYChanged: if (visible) Qt.callLater(registerFlick.reveal, registerError)
                }
            }
        }
        BigButton {
            id: confirmRegister
            objectName: "confirmRegister"
            anchors.bottom: parent.bottom
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(parent.width, 800)
            text: qsTr("Confirmed from the 户口簿: next")
            fill: Theme.accent
            onClicked: kiosk.identify.confirmRegister()
        }
    }
}
