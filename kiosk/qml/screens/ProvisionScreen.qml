import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// The technician's first-run wizard: enroll, pick the devices found, test each, save the settings, the
// "ready" checklist.
ScreenPage {
    id: page
    // the step on a line of its own: beside the title it broke as "第 1 步，共 / 5 步"
    title: qsTr("Set up this kiosk") + "\n" + qsTr("Step %1 of %2").arg(kiosk.provision.stepNumber).arg(kiosk.provision.stepCount)
    backVisible: false
    // === true: while the window is torn down the view-models' properties read undefined, which no bool takes
    readonly property bool diagnosticsShown: kiosk.staff.loggedIn === true && kiosk.provision.step === "network"

    Component {
        id: diagnosticsBlock
        ColumnLayout {
            objectName: "provisionDiagnostics"
            spacing: 10
            BodyText {
                text: qsTr("Diagnostics for the technicians")
                font.bold: true
                color: Theme.primary
            }
            DiagnosticsPanel {
                Layout.fillWidth: true
                showNotice: true
                brief: true
            }
        }
    }

    // the camera test (the face check's camera): beside the checklist on a landscape screen, under the other
    // tests on a portrait one. While it runs it says what it does (the face model loads for seconds the first
    // time), then how it went.
    Component {
        id: cameraBlock
        ColumnLayout {
            spacing: 10
            BigButton {
                objectName: "provisionTestCamera"
                Layout.fillWidth: true
                text: kiosk.provision.working === "camera" ? qsTr("Testing the camera…") : qsTr("Test camera")
                enabled: kiosk.provision.working === ""
                onClicked: kiosk.provision.testCamera()
            }
            ProgressBar {
                objectName: "provisionCameraProgress"
                Layout.fillWidth: true
                visible: kiosk.provision.working === "camera"
                from: 0
                to: 1
                value: kiosk.provision.camera.progressValue
            }
            BodyText {
                objectName: "provisionCameraProgressText"
                Layout.fillWidth: true
                visible: kiosk.provision.working === "camera"
                text: kiosk.provision.camera.progress
                font.pixelSize: Theme.small
                color: Theme.muted
            }
            BodyText {
                objectName: "provisionCameraResult"
                Layout.fillWidth: true
                visible: text !== "" && kiosk.provision.working !== "camera"
                text: kiosk.provision.camera.result
                color: kiosk.provision.camera.state === "ok" ? Theme.ok
                     : kiosk.provision.camera.state === "failed" ? Theme.error : Theme.text
                font.bold: true
            }
        }
    }

    // 2. the devices found (the whole page: the lists are long)
    ProvisionHardware {
        anchors.fill: parent
        visible: kiosk.provision.step === "hardware"
        wide: page.wide
        onNext: kiosk.provision.goTo(2)
    }

    // the other steps, paged when they are longer than the screen (a large font, the camera test's words)
    Item {
        anchors.fill: parent
        visible: kiosk.provision.step !== "hardware"
        Flickable {
            id: flick
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            anchors.left: parent.left
            anchors.right: pager.visible ? pager.left : parent.right
            anchors.rightMargin: pager.visible ? 16 : 0
            contentHeight: grid.implicitHeight
            clip: true
            interactive: !Theme.elderly
            boundsBehavior: Flickable.StopAtBounds
            GridLayout {
                id: grid
                width: flick.width
                columns: page.wide ? 2 : 1
                columnSpacing: Theme.spacing * 2
                rowSpacing: Theme.spacing

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 3
                    Layout.alignment: Qt.AlignTop
                    spacing: Theme.spacing

                    // 1. the network and the one-time enrollment code
                    ColumnLayout {
                        Layout.fillWidth: true
                        visible: kiosk.provision.step === "network"
                        spacing: 14
                        BodyText {
                            Layout.fillWidth: true
                            text: qsTr("Enter the service network's address and the one-time enrollment code from the network's administrator (servicenet enrollment-code).")
                        }
                        BodyText { text: qsTr("Network address"); font.bold: true }
                        TextField {
                            id: urlField
                            objectName: "provisionUrl"
                            Layout.fillWidth: true
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.body
                            text: kiosk.provision.networkUrl
                            inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                        }
                        BodyText { text: qsTr("Enrollment code"); font.bold: true }
                        TextField {
                            id: codeField
                            objectName: "provisionCode"
                            Layout.fillWidth: true
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.title
                            placeholderText: "0000-0000-0000"
                            inputMethodHints: Qt.ImhDigitsOnly
                        }
                        BigButton {
                            objectName: "provisionEnroll"
                            Layout.fillWidth: true
                            text: kiosk.provision.working === "enroll" ? qsTr("Enrolling…") : qsTr("Enroll this kiosk")
                            fill: Theme.accent
                            enabled: kiosk.provision.working === "" && codeField.text.length >= 12
                            onClicked: kiosk.provision.enroll(urlField.text, codeField.text)
                        }
                    }

                    // 3. each device, live
                    ColumnLayout {
                        Layout.fillWidth: true
                        visible: kiosk.provision.step === "devices"
                        spacing: 14
                        BodyText {
                            Layout.fillWidth: true
                            text: qsTr("Enrolled as %1. Now test each device: put a card on the reader, print a test page, scan its QR code, and look into the camera if there is one.").arg(kiosk.provision.deviceId)
                        }
                        BodyText {
                            objectName: "provisionDevices"
                            Layout.fillWidth: true
                            text: kiosk.provision.devicesText
                            font.pixelSize: Theme.small
                            color: Theme.muted
                        }
                        GridLayout {
                            Layout.fillWidth: true
                            columns: page.wide ? 3 : 2
                            columnSpacing: 16
                            rowSpacing: 16
                            BigButton {
                                objectName: "provisionTestCard"
                                Layout.fillWidth: true
                                text: kiosk.provision.working === "card" ? qsTr("Reading…") : qsTr("Test card reader")
                                enabled: kiosk.provision.working === ""
                                onClicked: kiosk.provision.testCard()
                            }
                            BigButton {
                                objectName: "provisionTestPrint"
                                Layout.fillWidth: true
                                text: kiosk.provision.working === "printer" ? qsTr("Printing…") : qsTr("Print a test page")
                                enabled: kiosk.provision.working === ""
                                onClicked: kiosk.provision.testPrint()
                            }
                            BigButton {
                                objectName: "provisionTestScan"
                                Layout.fillWidth: true
                                Layout.columnSpan: page.wide ? 1 : 2
                                text: kiosk.provision.working === "scanner" ? qsTr("Waiting for a scan…") : qsTr("Test scanner")
                                enabled: kiosk.provision.working === ""
                                onClicked: kiosk.provision.testScan()
                            }
                        }
                        Loader {
                            Layout.fillWidth: true
                            active: !page.wide
                            visible: active
                            sourceComponent: cameraBlock
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: 16
                            BigButton {
                                objectName: "provisionChangeDevices"
                                Layout.fillWidth: true
                                text: qsTr("Change devices")
                                outlined: true
                                enabled: kiosk.provision.working === ""
                                onClicked: kiosk.provision.goTo(1)
                            }
                            BigButton {
                                objectName: "provisionNext"
                                Layout.fillWidth: true
                                text: qsTr("Next")
                                fill: Theme.accent
                                enabled: kiosk.provision.working === ""
                                onClicked: kiosk.provision.goTo(3)
                            }
                        }
                    }

                    // 4. save the settings
                    ColumnLayout {
                        Layout.fillWidth: true
                        visible: kiosk.provision.step === "save"
                        spacing: 14
                        BodyText {
                            Layout.fillWidth: true
                            text: qsTr("Save these settings. The kiosk checks them against its schema and starts with them from now on.")
                        }
                        BodyText {
                            Layout.fillWidth: true
                            text: kiosk.provision.hallName + "\n" + kiosk.provision.networkUrl + "\n" + kiosk.provision.devicesText
                            font.pixelSize: Theme.small
                        }
                        BigButton {
                            objectName: "provisionSave"
                            Layout.fillWidth: true
                            text: qsTr("Save settings")
                            fill: Theme.accent
                            enabled: kiosk.provision.working === ""
                            onClicked: kiosk.provision.save()
                        }
                    }

                    // 5. ready
                    ColumnLayout {
                        Layout.fillWidth: true
                        visible: kiosk.provision.step === "ready"
                        spacing: 14
                        BodyText {
                            objectName: "provisionReady"
                            Layout.fillWidth: true
                            text: kiosk.provision.ready ? qsTr("This kiosk is ready for residents.")
                                                        : qsTr("Not ready yet: every required item needs a tick.")
                            font.pixelSize: Theme.large
                            font.bold: true
                            color: kiosk.provision.ready ? Theme.ok : Theme.error
                        }
                        BigButton {
                            objectName: "provisionFinish"
                            Layout.fillWidth: true
                            text: qsTr("Start the kiosk")
                            fill: Theme.ok
                            enabled: kiosk.provision.ready
                            onClicked: kiosk.provision.finish()
                        }
                        BigButton {
                            Layout.fillWidth: true
                            text: qsTr("Back to the device tests")
                            outlined: true
                            onClicked: kiosk.provision.goTo(2)
                        }
                    }

                    // a technician signed in on an enrolled kiosk lands here: the diagnostics bundle in one press
                    Loader {
                        Layout.fillWidth: true
                        Layout.topMargin: 8
                        active: page.diagnosticsShown && !page.wide  // a portrait screen: room below the form
                        visible: active
                        sourceComponent: diagnosticsBlock
                    }

                    BodyText {
                        objectName: "provisionError"
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: kiosk.provision.error
                        color: Theme.error
                        font.bold: true
                    }
                }

                // the checklist, always in view (and on a landscape screen the diagnostics bundle under it)
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 2
                    Layout.alignment: Qt.AlignTop
                    spacing: Theme.spacing
                    Rectangle {
                        Layout.fillWidth: true
                        implicitHeight: checklist.implicitHeight + 40
                        radius: 16
                        color: Theme.panel
                        border.color: Theme.line
                        ColumnLayout {
                            id: checklist
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.top: parent.top
                            anchors.margins: 20
                            spacing: 12
                            BodyText { text: qsTr("Checklist"); font.bold: true; font.pixelSize: Theme.large; color: Theme.primary }
                            Repeater {
                                model: kiosk.provision.checks
                                delegate: ColumnLayout {
                                    required property var modelData
                                    objectName: "check_" + modelData.key
                                    Layout.fillWidth: true
                                    spacing: 2
                                    BodyText {
                                        Layout.fillWidth: true
                                        text: (modelData.state === "ok" ? "✓ " : modelData.state === "failed" ? "✗ " : "○ ")
                                              + modelData.label
                                        color: modelData.state === "ok" ? Theme.ok : modelData.state === "failed" ? Theme.error : Theme.text
                                        font.bold: modelData.state !== ""
                                    }
                                    BodyText {
                                        Layout.fillWidth: true
                                        Layout.leftMargin: 40
                                        visible: text !== ""
                                        text: modelData.detail  // a sentence with a device path: over lines
                                        font.pixelSize: Theme.small
                                        color: Theme.muted
                                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                                    }
                                }
                            }
                        }
                    }
                    Loader {
                        Layout.fillWidth: true
                        active: kiosk.provision.step === "devices" && page.wide
                        visible: active
                        sourceComponent: cameraBlock
                    }
                    Loader {
                        Layout.fillWidth: true
                        active: page.diagnosticsShown && page.wide
                        visible: active
                        sourceComponent: diagnosticsBlock
                    }
                }
            }
        }
        PagerColumn {
            id: pager
            target: flick
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            anchors.right: parent.right
        }
    }
}
