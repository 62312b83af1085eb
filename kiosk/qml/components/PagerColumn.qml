import QtQuick
import QtQuick.Layouts

// Page up / page down buttons beside a list or a long page: nobody has to swipe (elderly mode turns
// swiping off altogether).
Item {
    id: pager
    property Flickable target
    readonly property bool needed: target !== null && target.contentHeight > target.height + 2
    visible: needed
    implicitWidth: Theme.elderly ? 150 : 130

    function page(direction) {
        var top = target.originY
        var bottom = target.originY + Math.max(0, target.contentHeight - target.height)
        target.contentY = Math.max(top, Math.min(bottom, target.contentY + direction * target.height * 0.85))
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 16
        BigButton {
            objectName: "pageUpButton"
            Layout.fillWidth: true
            Layout.preferredHeight: 150
            implicitWidth: 100
            text: "▲\n" + qsTr("Up")
            font.pixelSize: Theme.small
            outlined: true
            enabled: pager.needed && !pager.target.atYBeginning
            onClicked: pager.page(-1)
        }
        Item { Layout.fillHeight: true }
        BigButton {
            objectName: "pageDownButton"
            Layout.fillWidth: true
            Layout.preferredHeight: 150
            implicitWidth: 100
            text: "▼\n" + qsTr("Down")
            font.pixelSize: Theme.small
            outlined: true
            enabled: pager.needed && !pager.target.atYEnd
            onClicked: pager.page(1)
        }
    }
}
