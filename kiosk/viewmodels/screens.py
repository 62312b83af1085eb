"""The screens' view-models, imported together when the services arrive (KioskViewModel.attach): the home
screen's first frame does not wait for them, nor for the sync, crypto and network modules they use."""
from kiosk.viewmodels.business import BusinessViewModel
from kiosk.viewmodels.catalogue import CatalogueViewModel
from kiosk.viewmodels.commitment import CommitmentViewModel
from kiosk.viewmodels.confirm import ConfirmViewModel
from kiosk.viewmodels.form import FormViewModel
from kiosk.viewmodels.guide import GuideViewModel
from kiosk.viewmodels.handin import HandInViewModel
from kiosk.viewmodels.identify import IdentifyViewModel
from kiosk.viewmodels.materials import MaterialsViewModel
from kiosk.viewmodels.payment import PaymentViewModel
from kiosk.viewmodels.provision import ProvisionViewModel
from kiosk.viewmodels.queue import QueueViewModel
from kiosk.viewmodels.rate import RateViewModel
from kiosk.viewmodels.receipt import ReceiptViewModel
from kiosk.viewmodels.results import ResultsViewModel
from kiosk.viewmodels.staff import StaffViewModel
from kiosk.viewmodels.track import TrackViewModel

__all__ = ["BusinessViewModel", "CatalogueViewModel", "CommitmentViewModel", "ConfirmViewModel", "FormViewModel",
           "GuideViewModel", "HandInViewModel", "IdentifyViewModel", "MaterialsViewModel", "PaymentViewModel",
           "ProvisionViewModel", "QueueViewModel", "RateViewModel", "ReceiptViewModel", "ResultsViewModel",
           "StaffViewModel", "TrackViewModel"]
