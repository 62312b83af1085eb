import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Basic
import "../components"

// The materials of this service, each photographed on the document camera. Elderly mode: one at a time.
ScreenPage {
    id: page
    title: qsTr("Materials")
    readonly property bool oneByOne: Theme.elderly

    ColumnLayout {
        id: top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        spacing: 12
        BodyText {
            Layout.fillWidth: true
            text: kiosk.materials.cameraAvailable
                  ? qsTr("Put each material face up under the camera, then touch “Take a photo”.")
                  : qsTr("This kiosk has no document camera: please hand your materials to the staff at the counter. Check the list below.")
            font.bold: true
        }
        BodyText {
            Layout.fillWidth: true
            visible: page.oneByOne
            text: qsTr("Material %1 of %2").arg(kiosk.materials.index + 1).arg(kiosk.materials.count)
            color: Theme.muted
        }
        BodyText {
            objectName: "materialsError"
            Layout.fillWidth: true
            visible: text !== ""
            text: kiosk.materials.error
            color: Theme.error
            font.bold: true
        }
    }

    Flickable {
        id: flick
        anchors.top: top.bottom
        anchors.topMargin: Theme.spacing
        anchors.left: parent.left
        anchors.right: pager.visible ? pager.left : parent.right
        anchors.rightMargin: pager.visible ? 16 : 0
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        contentHeight: grid.implicitHeight
        clip: true
        interactive: !Theme.elderly
        boundsBehavior: Flickable.StopAtBounds

        GridLayout {
            id: grid
            width: flick.width
            columns: page.wide && !page.oneByOne ? 2 : 1
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing
            Repeater {
                model: kiosk.materials.itemsModel
                delegate: Rectangle {
                    id: card
                    required property string name
                    required property string copies
                    required property string note
                    required property bool required
                    required property bool captured
                    required property string thumbnail
                    required property int index
                    objectName: "material_" + name
                    visible: !page.oneByOne || index === kiosk.materials.index
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    implicitHeight: cardRow.implicitHeight + 40
                    radius: 16
                    color: card.captured ? "#E8F5E9" : Theme.panel
                    border.color: card.captured ? Theme.ok : Theme.line
                    border.width: 3
                    RowLayout {
                        id: cardRow
                        anchors.fill: parent
                        anchors.margins: 20
                        spacing: 20
                        Rectangle {
                            Layout.preferredWidth: page.oneByOne ? 240 : 170
                            Layout.preferredHeight: page.oneByOne ? 180 : 128
                            Layout.alignment: Qt.AlignTop
                            color: "white"
                            border.color: Theme.line
                            border.width: 2
                            Image {
                                anchors.fill: parent
                                anchors.margins: 4
                                visible: card.thumbnail !== ""
                                source: card.thumbnail
                                fillMode: Image.PreserveAspectFit
                                asynchronous: false
                            }
                            Text {
                                anchors.centerIn: parent
                                visible: card.thumbnail === ""
                                text: "?"
                                font.pixelSize: 64
                                color: Theme.disabled
                            }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 8
                            BodyText {
                                Layout.fillWidth: true
                                text: card.name
                                font.pixelSize: Theme.large
                                font.bold: true
                            }
                            BodyText {
                                Layout.fillWidth: true
                                text: card.copies + "　" + (card.required ? qsTr("Required") : qsTr("If you have it"))
                                      + (card.note ? "\n" + card.note : "")
                                font.pixelSize: Theme.small
                                color: Theme.muted
                            }
                            BodyText {
                                Layout.fillWidth: true
                                visible: card.captured
                                text: qsTr("Photo taken ✓")
                                color: Theme.ok
                                font.bold: true
                            }
                            BigButton {
                                objectName: "capture_" + card.name
                                Layout.fillWidth: true
                                visible: kiosk.materials.cameraAvailable
                                text: kiosk.materials.capturing === card.name ? qsTr("Taking the photo…")
                                    : card.captured ? qsTr("Take it again") : qsTr("Take a photo")
                                outlined: card.captured
                                fill: Theme.primary
                                enabled: kiosk.materials.capturing === ""
                                onClicked: kiosk.materials.capture(card.name)
                            }
                        }
                    }
                }
            }
        }
    }

    PagerColumn {
        id: pager
        anchors.top: flick.top
        anchors.right: parent.right
        anchors.bottom: flick.bottom
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
            text: qsTr("%1 of %2 photographed").arg(kiosk.materials.capturedCount).arg(kiosk.materials.count)
            horizontalAlignment: Text.AlignHCenter
            color: Theme.muted
        }
        BigButton {
            objectName: "materialsNextButton"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: Math.min(parent.width, 800)
            text: page.oneByOne && kiosk.materials.index + 1 < kiosk.materials.count ? qsTr("Next material")
                                                                                     : qsTr("Next")
            enabled: kiosk.materials.capturing === ""
            onClicked: page.oneByOne ? kiosk.materials.nextItem() : kiosk.materials.next()
        }
    }
}
