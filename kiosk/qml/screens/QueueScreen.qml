import QtQuick
import QtQuick.Layouts
import "../components"

// 取号: the businesses of the hall, each with how many wait; the ID card is optional (priority); then the number.
ScreenPage {
    id: page
    title: qsTr("Take a number")
    backVisible: kiosk.queue.step === "choose"

    ColumnLayout {
        anchors.fill: parent
        visible: kiosk.queue.step === "choose"
        spacing: Theme.spacing
        BodyText {
            Layout.fillWidth: true
            text: kiosk.queue.hallName
            font.pixelSize: Theme.large
            font.bold: true
            color: Theme.primary
            visible: text !== ""
        }
        BodyText {
            Layout.fillWidth: true
            visible: kiosk.queue.businesses.length > 0  // nothing to touch: only the words why (queueError)
            text: qsTr("Touch the business you came for.")
            font.pixelSize: Theme.title
            font.bold: true
        }
        GridLayout {
            Layout.fillWidth: true
            visible: kiosk.queue.businesses.length > 0  // empty, a layout would still take half the free height
            columns: page.wide ? 3 : 1
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing
            Repeater {
                model: kiosk.queue.businesses
                delegate: BigButton {
                    required property var modelData
                    objectName: "business_" + modelData.prefix
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.preferredHeight: Theme.buttonHeight * 1.6
                    text: modelData.prefix + "  " + modelData.name + "\n" + modelData.waiting
                    font.pixelSize: Theme.large
                    // an appointment today preselects its business: the others are drawn outlined
                    outlined: kiosk.queue.preselected !== "" && kiosk.queue.preselected !== modelData.prefix
                    enabled: kiosk.queue.busy === ""
                    onClicked: kiosk.queue.take(modelData.prefix)
                }
            }
        }
        BodyText {
            Layout.fillWidth: true
            visible: kiosk.queue.busy === "loading"
            text: qsTr("Loading…")
            color: Theme.muted
        }
        Rectangle {
            Layout.fillWidth: true
            visible: kiosk.queue.businesses.length > 0
            implicitHeight: cardColumn.implicitHeight + Theme.spacing * 2
            radius: 16
            color: Theme.panel
            ColumnLayout {
                id: cardColumn
                anchors.fill: parent
                anchors.margins: Theme.spacing
                spacing: Theme.spacing / 2
                BodyText {
                    Layout.fillWidth: true
                    text: kiosk.queue.preselected !== ""
                          ? qsTr("Card read: %1. Your appointment today: %2 at %3. Touch the highlighted business.")
                                .arg(kiosk.queue.maskedName).arg(kiosk.queue.appointmentService).arg(kiosk.queue.appointmentTime)
                          : kiosk.queue.hasPerson
                          ? qsTr("Card read: %1. Now touch the business.").arg(kiosk.queue.maskedName)
                          : qsTr("Booked an appointment, or aged 70 or over? Put your ID card on the reader and touch the button first, to be called with priority. Otherwise you need no card.")
                }
                BigButton {
                    objectName: "queueReadCard"
                    Layout.fillWidth: true
                    visible: !kiosk.queue.hasPerson
                    text: kiosk.queue.busy === "reading" ? qsTr("Reading the card…") : qsTr("Read my ID card")
                    outlined: true
                    enabled: kiosk.queue.busy === ""
                    onClicked: kiosk.queue.readCard()
                }
            }
        }
        BodyText {
            objectName: "queueError"
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.queue.error
            color: Theme.error
            font.bold: true
        }
        BodyText {
            Layout.fillWidth: true
            visible: kiosk.queue.busy === "taking"
            text: qsTr("Taking your number…")
            font.pixelSize: Theme.large
        }
        Item { Layout.fillHeight: true }
    }

    ColumnLayout {
        anchors.fill: parent
        visible: kiosk.queue.step === "done"
        spacing: page.wide ? Theme.spacing / 2 : Theme.spacing
        BodyText {
            Layout.fillWidth: true
            text: kiosk.queue.business
            font.pixelSize: Theme.large
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: numberText.implicitHeight + 48
            radius: 16
            color: Theme.panel
            border.color: Theme.primary
            border.width: 4
            Text {
                id: numberText
                objectName: "queueNumber"
                anchors.centerIn: parent
                text: kiosk.queue.number
                font.family: Theme.fontFamily
                font.pixelSize: page.wide ? Theme.huge * 1.4 : Theme.huge * 2
                font.bold: true
                color: Theme.text
            }
        }
        BodyText {
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.queue.priority
            color: Theme.ok
            font.bold: true
            font.pixelSize: Theme.large
            horizontalAlignment: Text.AlignHCenter
        }
        BodyText {
            Layout.fillWidth: true
            text: kiosk.queue.ahead + "  ·  " + kiosk.queue.estimate
            font.pixelSize: Theme.large
            horizontalAlignment: Text.AlignHCenter
        }
        BodyText {
            objectName: "queuePrinted"
            Layout.fillWidth: true
            text: kiosk.queue.printed
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        BodyText {
            Layout.fillWidth: true
            text: qsTr("Watch the screen in the hall and listen for your number.")
            color: Theme.muted
            horizontalAlignment: Text.AlignHCenter
        }
        Item { Layout.fillHeight: true }
        BigButton {
            objectName: "queueDone"
            Layout.fillWidth: true
            text: qsTr("Done")
            onClicked: kiosk.goHome()
        }
    }
}
