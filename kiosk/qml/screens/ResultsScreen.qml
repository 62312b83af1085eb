import QtQuick
import QtQuick.Layouts
import "../components"

// 结果领取: identify by ID card or the receipt QR; the finished cases' documents, each printed on the A4 printer.
ScreenPage {
    id: page
    title: qsTr("Collect my results")

    ColumnLayout {
        anchors.fill: parent
        visible: kiosk.results.step === "identify"
        spacing: Theme.spacing
        BodyText {
            Layout.fillWidth: true
            text: qsTr("Print your approval, certificate or licence here once your application is completed.")
            font.pixelSize: Theme.title
            font.bold: true
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: idColumn.implicitHeight + Theme.spacing * 2
            radius: 16
            color: Theme.panel
            ColumnLayout {
                id: idColumn
                anchors.fill: parent
                anchors.margins: Theme.spacing
                spacing: Theme.spacing / 2
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("Put your ID card on the reader and touch the button, or scan the QR code on your receipt.")
                }
                BigButton {
                    objectName: "resultsReadCard"
                    Layout.fillWidth: true
                    text: kiosk.results.busy === "reading" ? qsTr("Reading the card…") : qsTr("Read my ID card")
                    enabled: kiosk.results.busy === ""
                    onClicked: kiosk.results.readCard()
                }
            }
        }
        BodyText {
            Layout.fillWidth: true
            visible: kiosk.results.busy === "loading"
            text: qsTr("Looking up your results…")
            color: Theme.muted
        }
        BodyText {
            objectName: "resultsError"
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.results.error
            color: Theme.error
            font.bold: true
        }
        Item { Layout.fillHeight: true }
    }

    ColumnLayout {
        anchors.fill: parent
        visible: kiosk.results.step === "list"
        spacing: Theme.spacing
        BodyText {
            Layout.fillWidth: true
            text: qsTr("Your results")
            font.pixelSize: Theme.title
            font.bold: true
        }
        BodyText {
            objectName: "resultsPrinted"
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.results.printed
            color: Theme.primary
            font.bold: true
            font.pixelSize: Theme.large
        }
        BodyText {
            objectName: "resultsListError"
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.results.error
            color: Theme.error
            font.bold: true
        }
        RowLayout {  // a person may have more results than the window holds: they scroll, with page buttons
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 16
            Flickable {
                id: docsFlick
                objectName: "resultsList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                contentHeight: docs.implicitHeight
                clip: true
                interactive: !Theme.elderly
                boundsBehavior: Flickable.StopAtBounds
                ColumnLayout {
                    id: docs
                    width: docsFlick.width
                    spacing: Theme.spacing
                    Repeater {
                        model: kiosk.results.documents
                        delegate: Rectangle {
                            required property var modelData
                            Layout.fillWidth: true
                            implicitHeight: docRow.implicitHeight + Theme.spacing * 2
                            radius: 16
                            color: Theme.panel
                            RowLayout {
                                id: docRow
                                anchors.fill: parent
                                anchors.margins: Theme.spacing
                                spacing: Theme.spacing
                                ColumnLayout {
                                    Layout.fillWidth: true
                                    spacing: 4
                                    BodyText {
                                        Layout.fillWidth: true
                                        text: modelData.kind + " · " + modelData.title
                                        font.bold: true
                                        font.pixelSize: Theme.large
                                    }
                                    BodyText {
                                        Layout.fillWidth: true
                                        text: modelData.serviceName + "  " + modelData.code
                                        color: Theme.muted
                                    }
                                    Flow {  // each whole: beside the date it broke as "（共 2 / 份）"
                                        Layout.fillWidth: true
                                        spacing: Theme.spacing
                                        BodyText {
                                            text: qsTr("Issued %1").arg(modelData.issued)
                                            color: Theme.muted
                                        }
                                        BodyText {
                                            objectName: "printsLeft_" + modelData.docCode
                                            text: modelData.left
                                            color: Theme.muted
                                        }
                                    }
                                }
                                BigButton {
                                    objectName: "print_" + modelData.docCode
                                    Layout.preferredWidth: Theme.buttonHeight * 3
                                    text: kiosk.results.busy === "printing" ? qsTr("Printing…") : qsTr("Print")
                                    enabled: modelData.canPrint && kiosk.results.busy === ""
                                    onClicked: kiosk.results.print(modelData.docCode)
                                }
                            }
                        }
                    }
                }
            }
            PagerColumn {
                Layout.fillHeight: true
                target: docsFlick
            }
        }
    }
}
