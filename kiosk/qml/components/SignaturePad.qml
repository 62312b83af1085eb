import QtQuick

// Sign with a finger: the stroke under the finger is drawn here at once, then handed to kiosk.commitment,
// which keeps every stroke (as fractions of the pad) and is what the pad draws.
Rectangle {
    id: pad
    objectName: "signaturePad"
    color: "white"
    border.color: Theme.primary
    border.width: 4
    radius: 12
    property var current: []
    readonly property var strokes: kiosk.commitment.strokes
    onStrokesChanged: canvas.requestPaint()
    onWidthChanged: canvas.requestPaint()
    onHeightChanged: canvas.requestPaint()

    Text {
        anchors.centerIn: parent
        visible: pad.strokes.length === 0 && pad.current.length === 0
        text: qsTr("Sign here with your finger")
        font.family: Theme.fontFamily
        font.pixelSize: Theme.large
        color: "#757575"
    }
    Rectangle {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 40
        anchors.bottomMargin: parent.height * 0.22
        height: 3
        color: "#BDBDBD"
    }
    Canvas {
        id: canvas
        anchors.fill: parent
        function line(ctx, p, sx, sy) {
            if (p.length < 2)
                return
            ctx.beginPath()
            ctx.moveTo(p[0] * sx, p[1] * sy)
            for (var i = 2; i + 1 < p.length; i += 2)
                ctx.lineTo(p[i] * sx, p[i + 1] * sy)
            ctx.stroke()
        }
        onPaint: {
            var ctx = getContext("2d")
            ctx.clearRect(0, 0, width, height)
            ctx.strokeStyle = "#000000"
            ctx.lineWidth = 6
            ctx.lineCap = "round"
            ctx.lineJoin = "round"
            for (var s = 0; s < pad.strokes.length; ++s)
                line(ctx, pad.strokes[s], width, height)
            line(ctx, pad.current, 1, 1)
        }
    }
    MouseArea {
        anchors.fill: parent
        preventStealing: true
        onPressed: (mouse) => { pad.current = [mouse.x, mouse.y]; canvas.requestPaint() }
        onPositionChanged: (mouse) => {
            var c = pad.current
            c.push(mouse.x, mouse.y)
            pad.current = c
            canvas.requestPaint()
        }
        onReleased: {
            var stroke = pad.current
            pad.current = []
            kiosk.commitment.addStroke(stroke, pad.width, pad.height)
        }
    }
}
