import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic

// The diagnostics bundle for the technicians: to the network in one press (kiosk.staff.upload, two steps shown,
// a failure in words), or to a USB stick. On the staff screen and the technician's wizard.
ColumnLayout {
    id: panel
    property bool showNotice: false  // the USB export's "Saved to …" (the staff screen shows it at its top)
    property bool brief: false  // without the line saying what is in the bundle, smaller buttons (no room to scroll)
    signal lineShown(Item item)  // a new line of progress or outcome: a scrolling page brings it into view
    spacing: 10

    BodyText {
        Layout.fillWidth: true
        visible: !panel.brief
        text: qsTr("Logs without personal data, settings without secrets, the queue and the devices.")
        font.pixelSize: Theme.small
        color: Theme.muted
    }
    Flow {  // side by side where they fit, else one under the other (a narrow column, long English words)
        Layout.fillWidth: true
        spacing: 16
        BigButton {
            objectName: "staffUploadDiagnostics"
            text: qsTr("Send to the network")
            font.pixelSize: panel.brief ? Theme.small : Theme.body
            enabled: !kiosk.staff.upload.working
            onClicked: kiosk.staff.upload.send()
        }
        BigButton {
            objectName: "staffDiagnostics"
            text: qsTr("Save to a USB stick")
            font.pixelSize: panel.brief ? Theme.small : Theme.body
            outlined: true
            onClicked: kiosk.staff.exportDiagnostics()
        }
    }
    ProgressBar {
        objectName: "staffUploadProgress"
        Layout.fillWidth: true
        visible: kiosk.staff.upload.working
        indeterminate: true
    }
    BodyText {
        id: uploadStep
        objectName: "staffUploadStep"
        Layout.fillWidth: true
        visible: text !== ""
        text: kiosk.staff.upload.step
        font.pixelSize: Theme.small
        onTextChanged: if (uploadStep.text !== "") panel.lineShown(uploadStep)
    }
    BodyText {
        id: uploadMessage
        objectName: "staffUploadMessage"
        Layout.fillWidth: true
        visible: text !== ""
        text: kiosk.staff.upload.message
        color: kiosk.staff.upload.state === "done" ? Theme.ok : Theme.error
        font.bold: true
        onTextChanged: if (uploadMessage.text !== "") panel.lineShown(uploadMessage)
    }
    BodyText {
        id: usbNotice
        objectName: "diagnosticsNotice"
        Layout.fillWidth: true
        visible: panel.showNotice && text !== ""
        text: kiosk.staff.notice
        color: Theme.ok
        font.bold: true
        onTextChanged: if (usbNotice.visible) panel.lineShown(usbNotice)
    }
}
