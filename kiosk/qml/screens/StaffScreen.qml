import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// The counter dashboard: the queue and the link, quarantined cases, reprints, payments and refunds, devices,
// the day's counts.
ScreenPage {
    id: page
    title: qsTr("Staff counter") + (kiosk.staff.shownId !== "" ? "  ·  " + kiosk.staff.shownId : "")
    backVisible: false

    component Panel: Rectangle {
        default property alias content: inner.data
        property string heading
        Layout.fillWidth: true
        implicitHeight: inner.implicitHeight + 40
        radius: 16
        color: Theme.panel
        border.color: Theme.line
        border.width: 1
        ColumnLayout {
            id: inner
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: 20
            spacing: 10
            Text {
                Layout.fillWidth: true
                text: parent.parent.heading
                font.family: Theme.fontFamily
                font.pixelSize: Theme.large
                font.bold: true
                color: Theme.primary
            }
        }
    }

    // scroll so that a message that just appeared below the fold is in view
    function reveal(item) {
        var bottom = item.mapToItem(grid, 0, item.height).y + 20
        if (bottom > flick.contentY + flick.height)
            flick.contentY = Math.min(Math.max(0, flick.contentHeight - flick.height), bottom - flick.height)
    }

    Timer {  // after the layout has taken the new text's height
        id: revealLater
        property Item target
        interval: 100
        onTriggered: if (revealLater.target) page.reveal(revealLater.target)
    }

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: grid.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        GridLayout {
            id: grid
            width: flick.width
            columns: page.wide ? 2 : 1
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing

            GridLayout {  // two by two on a portrait screen, where four in a row cut the words off
                Layout.fillWidth: true
                Layout.columnSpan: grid.columns
                columns: page.wide ? 4 : 2
                columnSpacing: Theme.spacing
                rowSpacing: Theme.spacing
                BigButton {
                    objectName: "staffAssist"
                    Layout.fillWidth: true
                    text: qsTr("Apply for a resident")
                    fill: Theme.accent
                    onClicked: kiosk.staff.assist()
                }
                BigButton {
                    objectName: "staffHousehold"
                    Layout.fillWidth: true
                    text: qsTr("No ID card: from the 户口簿")
                    fill: Theme.accent
                    onClicked: kiosk.staff.householdEntry()
                }
                BigButton {
                    objectName: "staffRefresh"
                    Layout.fillWidth: !page.wide
                    text: qsTr("Refresh")
                    outlined: true
                    onClicked: kiosk.staff.refresh()
                }
                BigButton {
                    objectName: "staffLogout"
                    Layout.fillWidth: !page.wide
                    text: qsTr("Sign out")
                    outlined: true
                    onClicked: kiosk.staff.logout()
                }
            }
            BodyText {
                objectName: "staffNotice"
                Layout.fillWidth: true
                Layout.columnSpan: grid.columns
                visible: text !== ""
                text: kiosk.staff.notice
                color: Theme.ok
                font.bold: true
            }

            Panel {
                heading: qsTr("Queue and network")
                Layout.alignment: Qt.AlignTop
                BodyText {
                    objectName: "staffQueue"
                    Layout.fillWidth: true
                    text: qsTr("Waiting to send: %1").arg(kiosk.staff.queued) + "\n"
                          + qsTr("Quarantined: %1").arg(kiosk.staff.quarantinedCount) + "\n"
                          + qsTr("Last sync: %1").arg(kiosk.staff.lastSync) + "\n"
                          + (kiosk.staff.online ? qsTr("Network: connected") : qsTr("Network: not connected"))
                }
                BodyText {
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: kiosk.staff.lastError
                    color: Theme.error
                    font.pixelSize: Theme.small
                }
                BigButton {
                    objectName: "staffAcknowledgeSalvage"
                    visible: kiosk.staff.salvaged
                    text: qsTr("Acknowledge the recovery note")
                    outlined: true
                    onClicked: kiosk.staff.acknowledgeSalvage()
                }
                BigButton {
                    objectName: "staffSendNow"
                    text: qsTr("Send now")
                    outlined: true
                    onClicked: kiosk.staff.sendNow()
                }
            }

            Panel {
                heading: qsTr("Devices")
                Layout.alignment: Qt.AlignTop
                Repeater {
                    model: kiosk.staff.devices
                    delegate: BodyText {
                        required property var modelData
                        Layout.fillWidth: true
                        text: (modelData.health === "ok" ? "✓ " : "✗ ") + modelData.label
                              + (modelData.reason !== "" ? " — " + modelData.reason : "")
                        color: modelData.health === "ok" ? Theme.ok : Theme.error
                    }
                }
                BodyText {
                    Layout.fillWidth: true
                    visible: kiosk.staff.devices.length === 0
                    text: qsTr("No device information.")
                    color: Theme.muted
                }
            }

            Panel {
                heading: qsTr("Quarantined cases")
                Layout.columnSpan: grid.columns
                BodyText {
                    Layout.fillWidth: true
                    visible: kiosk.staff.quarantine.length === 0
                    text: qsTr("None. Every case went through.")
                    color: Theme.muted
                }
                Repeater {
                    model: kiosk.staff.quarantine
                    delegate: RowLayout {
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: 16
                        BodyText {
                            Layout.fillWidth: true
                            text: modelData.pretty + "  " + modelData.service + "\n" + modelData.reason
                            font.pixelSize: Theme.small
                        }
                        BigButton {
                            objectName: "requeue_" + modelData.code
                            text: qsTr("Re-queue")
                            font.pixelSize: Theme.body
                            onClicked: kiosk.staff.requeue(modelData.code)
                        }
                        BigButton {
                            text: qsTr("Export")
                            font.pixelSize: Theme.body
                            outlined: true
                            onClicked: kiosk.staff.exportCase(modelData.code)
                        }
                    }
                }
            }

            Panel {
                heading: qsTr("Reprint a receipt")
                Layout.alignment: Qt.AlignTop
                TextField {
                    id: reprintCode
                    objectName: "reprintCode"
                    Layout.fillWidth: true
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.body
                    placeholderText: qsTr("Registration code (20 digits)")
                    inputMethodHints: Qt.ImhDigitsOnly
                }
                BigButton {
                    objectName: "staffReprint"
                    text: qsTr("Reprint")
                    enabled: reprintCode.text.length >= 20
                    onClicked: kiosk.staff.reprint(reprintCode.text)
                }
            }

            Panel {
                heading: qsTr("Payments and refunds")
                Layout.alignment: Qt.AlignTop
                TextField {
                    id: paymentsCode
                    objectName: "paymentsCode"
                    Layout.fillWidth: true
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.body
                    placeholderText: qsTr("Registration code (20 digits)")
                    inputMethodHints: Qt.ImhDigitsOnly
                }
                BigButton {
                    objectName: "staffFindPayments"
                    text: qsTr("Find payments")
                    enabled: paymentsCode.text.length >= 20
                    onClicked: kiosk.staff.payments.lookup(paymentsCode.text)
                }
                BodyText {
                    objectName: "paymentsStatus"
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: kiosk.staff.payments.status
                    font.bold: true
                }
                Repeater {
                    model: kiosk.staff.payments.orders
                    delegate: ColumnLayout {
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: 8
                        BodyText {
                            Layout.fillWidth: true
                            text: modelData.orderNo + "\n" + modelData.amount + " · " + modelData.state
                                  + (modelData.paidAt !== "" ? " · " + modelData.paidAt : "")
                            font.pixelSize: Theme.small
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            visible: modelData.refundable
                            spacing: 16
                            TextField {
                                id: refundReason
                                objectName: "refundReason_" + modelData.orderNo
                                Layout.fillWidth: true
                                font.family: Theme.fontFamily
                                font.pixelSize: Theme.body
                                inputMethodHints: Qt.ImhSensitiveData  // a reason may name the resident
                                maximumLength: 200  // domain.payment.MAX_REFUND_REASON
                                placeholderText: qsTr("Reason for the refund")
                            }
                            BigButton {
                                objectName: "refund_" + modelData.orderNo
                                text: qsTr("Refund")
                                font.pixelSize: Theme.body
                                enabled: refundReason.text.trim() !== ""
                                onClicked: kiosk.staff.payments.refund(modelData.orderNo, refundReason.text)
                            }
                        }
                    }
                }
            }

            Panel {
                heading: qsTr("Today")
                Layout.alignment: Qt.AlignTop
                Repeater {
                    model: kiosk.staff.endOfDay
                    delegate: BodyText {
                        required property var modelData
                        Layout.fillWidth: true
                        text: qsTr("%1 · %2 · %3: %4").arg(modelData.service).arg(modelData.status).arg(modelData.sync).arg(modelData.count)
                              + (modelData.assisted > 0 ? " " + qsTr("(%1 at the counter)").arg(modelData.assisted) : "")
                        font.pixelSize: Theme.small
                    }
                }
                BodyText {
                    objectName: "staffDayTotal"
                    Layout.fillWidth: true
                    text: qsTr("Cases today: %1").arg(kiosk.staff.dayTotal)
                    font.bold: true
                }
                RowLayout {
                    spacing: 16
                    BigButton {
                        objectName: "staffEndOfDay"
                        text: qsTr("Export CSV")
                        font.pixelSize: Theme.body
                        onClicked: kiosk.staff.exportEndOfDay()
                    }
                }
            }

            Panel {
                heading: qsTr("Diagnostics for the technicians")
                Layout.alignment: Qt.AlignTop
                DiagnosticsPanel {
                    Layout.fillWidth: true
                    onLineShown: (item) => { revealLater.target = item; revealLater.restart() }
                }
            }
        }
    }
}
