import QtQuick
import QtQuick.Window

// Every screen but home: a header (back, title, home, listen again, language) over a body with margins.
Item {
    id: page
    property alias title: header.title
    property alias backVisible: header.backVisible
    property alias showLink: header.showLink
    default property alias content: body.data
    readonly property bool wide: Window.width > Window.height

    Header {
        id: header
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
    }
    Item {
        id: body
        anchors.top: header.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
    }
}
