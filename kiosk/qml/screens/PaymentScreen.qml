import QtQuick
import QtQuick.Layouts
import "../components"

// The fee: amount and fee item in large type, a QR to scan with WeChat or Alipay and a countdown; or the
// payer's payment code under the scanner. A way out that never loses money: pay later.
ScreenPage {
    id: page
    title: qsTr("Pay the fee")
    backVisible: false
    readonly property var pay: kiosk.payment
    readonly property bool showing: pay.phase === "showing"
    readonly property bool working: pay.phase === "starting" || pay.phase === "closing" || pay.phase === "paying"

    function clock(seconds) {
        var m = Math.floor(seconds / 60), s = seconds % 60
        return m + ":" + (s < 10 ? "0" : "") + s
    }

    GridLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        columns: page.wide ? 2 : 1
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.spacing

        // What is paid for, and how much
        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing
            BodyText {
                Layout.fillWidth: true
                text: pay.serviceName
                font.pixelSize: Theme.large
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
            }
            BodyText {
                objectName: "savedCode"
                Layout.fillWidth: true
                // the code never breaks across lines (no-break spaces between its groups)
                text: qsTr("Your application is saved. Registration code: %1").arg(pay.caseCode.replace(/ /g, "\u00a0"))
                font.pixelSize: Theme.small
                color: Theme.ok
                horizontalAlignment: Text.AlignHCenter
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: feeColumn.implicitHeight + 48
                radius: 16
                color: Theme.panel
                border.color: Theme.primary
                border.width: 4
                ColumnLayout {
                    id: feeColumn
                    anchors.centerIn: parent
                    width: parent.width - 48
                    spacing: 8
                    BodyText {
                        objectName: "feeItem"
                        Layout.fillWidth: true
                        text: pay.feeItem
                        font.pixelSize: Theme.large
                        horizontalAlignment: Text.AlignHCenter
                    }
                    Text {
                        objectName: "amount"
                        Layout.fillWidth: true
                        text: pay.amount
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.huge * 1.6
                        font.bold: true
                        color: Theme.accent
                        horizontalAlignment: Text.AlignHCenter
                    }
                }
            }
            Rectangle {
                objectName: "paymentStatusBox"
                Layout.fillWidth: true
                implicitHeight: statusColumn.implicitHeight + 40
                radius: 16
                color: pay.phase === "paid" ? "#E8F5E9" : (pay.phase === "failed" || pay.phase === "offline") ? "#FFF4E5" : "white"
                border.color: pay.phase === "paid" ? Theme.ok : (pay.phase === "failed" || pay.phase === "offline") ? Theme.warning : Theme.line
                border.width: 3
                ColumnLayout {
                    id: statusColumn
                    anchors.centerIn: parent
                    width: parent.width - 40
                    spacing: 12
                    BodyText {
                        objectName: "paymentStatus"
                        Layout.fillWidth: true
                        text: pay.status
                        font.bold: true
                        color: pay.phase === "paid" ? Theme.ok : (pay.phase === "failed" || pay.phase === "offline") ? Theme.warning : Theme.text
                        horizontalAlignment: Text.AlignHCenter
                    }
                    BodyText {
                        objectName: "paidDetails"
                        Layout.fillWidth: true
                        visible: pay.phase === "paid" && pay.orderNo !== ""
                        text: qsTr("Order number: %1").arg(pay.orderNo) + (pay.paidAt !== "" ? "\n" + qsTr("Paid at: %1").arg(pay.paidAt) : "")
                        font.pixelSize: Theme.small
                        horizontalAlignment: Text.AlignHCenter
                    }
                    BodyText {
                        objectName: "payLaterText"
                        Layout.fillWidth: true
                        visible: pay.canRetry
                        text: pay.payLaterText
                        font.pixelSize: Theme.small
                        horizontalAlignment: Text.AlignHCenter
                    }
                }
            }
        }

        // The QR and the countdown, or what happens now
        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing
            Rectangle {
                Layout.alignment: Qt.AlignHCenter
                Layout.preferredWidth: page.wide ? (Theme.elderly ? 360 : 440) : 520  // the buttons stay on screen
                Layout.preferredHeight: Layout.preferredWidth
                visible: page.showing
                color: "white"
                border.color: Theme.line
                border.width: 2
                radius: 12
                Image {
                    objectName: "paymentQr"
                    anchors.fill: parent
                    anchors.margins: 12
                    source: pay.qr
                    smooth: false
                    fillMode: Image.PreserveAspectFit
                }
            }
            Text {
                objectName: "countdown"
                Layout.fillWidth: true
                visible: page.showing || pay.phase === "paying"
                text: qsTr("Time left %1").arg(page.clock(pay.secondsLeft))
                font.family: Theme.fontFamily
                font.pixelSize: Theme.title
                font.bold: true
                color: pay.secondsLeft <= 20 ? Theme.accent : Theme.primary
                horizontalAlignment: Text.AlignHCenter
            }
            BodyText {
                Layout.fillWidth: true
                visible: page.showing
                text: qsTr("Or open the payment code in WeChat or Alipay and hold it under the scanner.")
                font.pixelSize: Theme.small
                color: Theme.muted
                horizontalAlignment: Text.AlignHCenter
            }
            BusyIndicatorDots {
                Layout.alignment: Qt.AlignHCenter
                visible: page.working
            }
            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: Theme.spacing
                rowSpacing: Theme.spacing
                BigButton {
                    objectName: "cancelPaymentButton"
                    Layout.fillWidth: true
                    Layout.columnSpan: 2
                    visible: pay.canCancel
                    text: qsTr("Cancel payment")
                    outlined: true
                    onClicked: pay.cancel()
                }
                BigButton {
                    objectName: "retryPaymentButton"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    visible: pay.canRetry
                    text: qsTr("Try again")
                    outlined: true
                    onClicked: pay.retry()
                }
                BigButton {
                    objectName: "payLaterButton"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    visible: pay.canRetry
                    text: qsTr("Pay later")
                    onClicked: pay.payLater()
                }
                BigButton {
                    objectName: "paidContinueButton"
                    Layout.fillWidth: true
                    Layout.columnSpan: 2
                    visible: pay.phase === "paid"
                    text: qsTr("Continue")
                    fill: Theme.ok
                    onClicked: pay.finish()
                }
            }
        }
    }

    // Three dots that pulse while a call is under way (no spinner in the Basic style that reads well).
    component BusyIndicatorDots: Row {
        spacing: 18
        Repeater {
            model: 3
            Rectangle {
                required property int index
                width: 22; height: 22; radius: 11
                color: Theme.primary
                SequentialAnimation on opacity {
                    running: page.working
                    loops: Animation.Infinite
                    PauseAnimation { duration: index * 180 }
                    NumberAnimation { from: 1; to: 0.2; duration: 420 }
                    NumberAnimation { from: 0.2; to: 1; duration: 420 }
                }
            }
        }
    }
}
