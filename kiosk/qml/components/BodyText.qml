import QtQuick

// Body text that wraps and never shrinks below the body size.
Text {
    font.family: Theme.fontFamily
    font.pixelSize: Theme.body
    color: Theme.text
    wrapMode: Text.Wrap
    lineHeight: 1.15
}
