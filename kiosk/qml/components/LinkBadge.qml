import QtQuick
import QtQuick.Layouts

// A calm word about the link to the network, from kiosk.link (nothing when the kiosk has no sync service).
RowLayout {
    id: badge
    property bool onDark: false
    readonly property string level: kiosk.link.level
    objectName: "linkBadge"
    spacing: 12
    Rectangle {
        visible: badge.level !== "" && badge.visible
        Layout.preferredWidth: 22
        Layout.preferredHeight: 22
        radius: 11
        color: badge.level === "ok" ? "#43A047" : badge.level === "sending" ? "#64B5F6" : "#FFB300"
    }
    Text {
        objectName: "linkText"
        Layout.fillWidth: true
        text: kiosk.link.text
        font.family: Theme.fontFamily
        font.pixelSize: Theme.small
        color: badge.onDark ? "white" : (badge.level === "queued" || badge.level === "offline" ? Theme.warning : Theme.muted)
        wrapMode: Text.Wrap
        maximumLineCount: 2
        elide: Text.ElideRight
    }
}
