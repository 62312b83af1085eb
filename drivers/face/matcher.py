"""Is the face at the camera the face on the card? dlib's face recognition, with the weights a pip package ships.

    matcher = FaceMatcher()                 # nothing is loaded yet
    matcher.compare(card_photo, frame)      # -> Comparison(MATCH, 0.35); the first call loads the model

The model is dlib's (dlib-bin, a prebuilt wheel): the HOG frontal face detector, the 5-point shape predictor
and the ResNet that maps an aligned face to a 128-d descriptor; two faces are the same person when their
descriptors are closer than THRESHOLD (Euclidean). The weights come from the face_recognition_models package
(installed with the kiosk, never downloaded at run time); only the two this module uses are shipped in the
kiosk build (kiosk.spec). Loading takes about half a second, so it happens on first use on the caller's thread
(a worker, never the GUI thread) or ahead of time through `prepare()`.

No image is kept: the photo and the frame live only for the call; the Comparison holds the outcome and the
distance.
"""
from __future__ import annotations

import importlib.util
import io
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Image = NDArray[np.uint8]  # H x W x 3, RGB
    Vector = NDArray[np.float64]  # a face descriptor (128 values)

# dlib documents 0.6 (99.38 % on LFW). A kiosk verifying one person against one card prefers a wrong "please
# ask the staff" to a wrong "yes": 0.5 is stricter. On the test photos the same person measures 0.33-0.46 and
# another person 0.82-0.87 (tests/unit/drivers/test_face_matcher.py).
THRESHOLD = 0.5
UPSAMPLE = 1  # the detector looks at the image twice as large: a card's 102 x 126 photo still shows a face
MAX_SIDE = 640  # a camera frame is scaled down to this first (a face at the kiosk fills much of the frame)

MATCH, MISMATCH = "match", "mismatch"
NO_FACE = "no_face"  # the camera frame shows no face, or more than one
NO_PHOTO = "no_photo"  # the card carries no photo this kiosk can decode (e.g. the chip's WLT), or no face in it

# Image formats a card reader may hand out once it has decoded the chip's photo (a vendor SDK does): JPEG,
# PNG, BMP. The raw WLT data of a resident ID chip needs the licensed decoder: no photo for us.
_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"BM")


# The two weight files used, as face_recognition_models names them (kiosk.spec ships these two only)
SHAPES, NET = "shape_predictor_5_face_landmarks.dat", "dlib_face_recognition_resnet_model_v1.dat"


def weights(name: str) -> Path:
    """Where a weight file of face_recognition_models is. Found without importing the package, whose
    __init__ imports pkg_resources (slow, deprecated, and not in the kiosk build); the kiosk build has the files
    at the same place under its own folder."""
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is not None and spec.submodule_search_locations:
        base = Path(next(iter(spec.submodule_search_locations)))
    else:
        base = Path(getattr(sys, "_MEIPASS", ".")) / "face_recognition_models"
    return base / "models" / name


@dataclass(frozen=True)
class Comparison:
    outcome: str  # MATCH, MISMATCH, NO_FACE, NO_PHOTO
    distance: float | None = None  # between the two descriptors (MATCH and MISMATCH only)

    @property
    def matched(self) -> bool:
        return self.outcome == MATCH


def has_photo(data: bytes) -> bool:
    """Whether `data` is in an image format this kiosk decodes (a quick look at its first bytes)."""
    return data.startswith(_MAGIC)


def rgb(source: Path | io.BytesIO) -> Image:
    """An image file (a path, or bytes in a BytesIO) as an RGB array, through Pillow: a card photo, a camera's
    Motion-JPEG frame, a simulated camera's picture."""
    import numpy as np
    from PIL import Image as PilImage

    with PilImage.open(source) as im:
        return np.asarray(im.convert("RGB"))


def decode_photo(data: bytes) -> Image | None:
    """The card photo as an RGB array, or None when it is not an image this kiosk can decode."""
    if not has_photo(data):
        return None
    from PIL import UnidentifiedImageError

    try:
        return rgb(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def shrink(image: Image, side: int = MAX_SIDE) -> Image:
    """`image` scaled down so that its longer side is at most `side` (unchanged when it is smaller)."""
    height, width = image.shape[:2]
    if max(height, width) <= side:
        return image
    import numpy as np
    from PIL import Image as PilImage

    im = PilImage.fromarray(image)
    im.thumbnail((side, side))
    return np.asarray(im)


class FaceMatcher:
    """One model for the kiosk's life, loaded once on first use, and used on one thread of its own.

    dlib's Python binding (pybind11) first reaches numpy's C API under a GIL dance that crashes the process when
    it happens on a thread Python did not start (a QThreadPool worker); the model is not meant to be shared
    between threads either. So every call runs on this matcher's own Python thread, one at a time, and the
    caller (the kiosk's task runner) waits for it."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lock = threading.Lock()
        self._model: tuple[Any, Any, Any] | None = None
        from concurrent.futures import ThreadPoolExecutor  # here: the kiosk imports this module at start

        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="face-model")

    def prepare(self) -> None:
        """Load the model now (a worker thread calls this when a service that needs it is chosen)."""
        self._thread.submit(self._models).result()

    def _models(self) -> tuple[Any, Any, Any]:
        with self._lock:
            if self._model is None:
                import dlib  # type: ignore[import-untyped]  # dlib-bin ships no type information

                self._model = (dlib.get_frontal_face_detector(),
                               dlib.shape_predictor(str(weights(SHAPES))),
                               dlib.face_recognition_model_v1(str(weights(NET))))
            return self._model

    def descriptors(self, image: Image) -> list[Vector]:
        """One 128-d descriptor per face found in `image` (RGB)."""
        return self._thread.submit(self._descriptors, image).result()

    def _descriptors(self, image: Image) -> list[Vector]:
        import numpy as np

        detector, shapes, net = self._models()
        image = np.ascontiguousarray(image)
        return [np.asarray(net.compute_face_descriptor(image, shapes(image, box)))
                for box in detector(image, UPSAMPLE)]

    def faces(self, frame: Image) -> int:
        """How many faces the detector finds in a camera frame (RGB), scaled down as for a comparison."""
        return self._thread.submit(self._faces, frame).result()

    def _faces(self, frame: Image) -> int:
        import numpy as np

        return len(self._models()[0](np.ascontiguousarray(shrink(frame)), UPSAMPLE))

    def compare(self, photo: bytes, frame: Image) -> Comparison:
        """The card photo (as the reader gave it) against one camera frame (RGB)."""
        return self._thread.submit(self._compare, photo, frame).result()

    def _compare(self, photo: bytes, frame: Image) -> Comparison:
        import numpy as np

        card = decode_photo(photo)
        if card is None:
            return Comparison(NO_PHOTO)
        on_card = self._descriptors(card)
        if len(on_card) != 1:
            return Comparison(NO_PHOTO)
        at_kiosk = self._descriptors(shrink(frame))
        if len(at_kiosk) != 1:  # nobody, or someone else in the picture too: ask again
            return Comparison(NO_FACE)
        distance = float(np.linalg.norm(on_card[0] - at_kiosk[0]))
        return Comparison(MATCH if distance < self.threshold else MISMATCH, round(distance, 3))
