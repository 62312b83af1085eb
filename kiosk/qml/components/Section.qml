import QtQuick
import QtQuick.Layouts

// A titled block of the guide or the confirmation: a coloured heading and its content below.
ColumnLayout {
    id: section
    property string heading
    default property alias content: inner.data
    spacing: 12
    Text {
        Layout.fillWidth: true
        text: section.heading
        font.family: Theme.fontFamily
        font.pixelSize: Theme.large
        font.bold: true
        color: Theme.primary
        wrapMode: Text.Wrap
    }
    ColumnLayout {
        id: inner
        Layout.fillWidth: true
        Layout.leftMargin: 16
        spacing: 8
    }
}
