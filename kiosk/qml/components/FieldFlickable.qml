import QtQuick

// A scrolling column of fields: reveal(item) scrolls so that a field taking the focus (or a message that
// appears) is in view, not under the window's edge or the keyboard.
Flickable {
    clip: true
    boundsBehavior: Flickable.StopAtBounds

    function reveal(item) {
        var p = item.mapToItem(contentItem, 0, 0)
        if (p.y < contentY || p.y + item.height > contentY + height)
            contentY = Math.max(0, Math.min(p.y - 40, contentHeight - height))
    }
}
