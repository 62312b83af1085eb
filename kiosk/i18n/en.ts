<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
  <context>
    <name>AssistBar</name>
    <message>
      <source>Listen again</source>
      <translation>Listen again</translation>
    </message>
  </context>
  <context>
    <name>BusinessScreen</name>
    <message>
      <source>As on the business licence (营业执照)</source>
      <translation>As on the business licence (营业执照)</translation>
    </message>
    <message>
      <source>Authorised agent (授权代理人)</source>
      <translation>Authorised agent (授权代理人)</translation>
    </message>
    <message>
      <source>Legal representative (法定代表人)</source>
      <translation>Legal representative (法定代表人)</translation>
    </message>
    <message>
      <source>Name of the organisation</source>
      <translation>Name of the organisation</translation>
    </message>
    <message>
      <source>Next: the form</source>
      <translation>Next: the form</translation>
    </message>
    <message>
      <source>Please bring the letter of authorisation (授权委托书), signed by the legal representative and stamped with the organisation's seal.</source>
      <translation>Please bring the letter of authorisation (授权委托书), signed by the legal representative and stamped with the organisation's seal.</translation>
    </message>
    <message>
      <source>Unified social credit code (18 characters)</source>
      <translation>Unified social credit code (18 characters)</translation>
    </message>
    <message>
      <source>You are its</source>
      <translation>You are its</translation>
    </message>
    <message>
      <source>Your organisation</source>
      <translation>Your organisation</translation>
    </message>
  </context>
  <context>
    <name>CatalogueScreen</name>
    <message>
      <source>All</source>
      <translation>All</translation>
    </message>
    <message>
      <source>Business services</source>
      <translation>Business services</translation>
    </message>
    <message>
      <source>By life event:</source>
      <translation>By life event:</translation>
    </message>
    <message>
      <source>Fee: %1</source>
      <translation>Fee: %1</translation>
    </message>
    <message>
      <source>Personal services</source>
      <translation>Personal services</translation>
    </message>
    <message>
      <source>Search, e.g. 身份证 or sfz</source>
      <translation>Search, e.g. 身份证 or sfz</translation>
    </message>
  </context>
  <context>
    <name>CommitmentScreen</name>
    <message>
      <source>Commitment letter</source>
      <translation>Commitment letter</translation>
    </message>
    <message>
      <source>Commitment letter (告知承诺书)</source>
      <translation>Commitment letter (告知承诺书)</translation>
    </message>
    <message>
      <source>I promise: next</source>
      <translation>I promise: next</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Saving…</translation>
    </message>
    <message>
      <source>Sign again</source>
      <translation>Sign again</translation>
    </message>
  </context>
  <context>
    <name>ConfirmScreen</name>
    <message>
      <source>Applicant</source>
      <translation>Applicant</translation>
    </message>
    <message>
      <source>Applying on behalf (代办)</source>
      <translation>Applying on behalf (代办)</translation>
    </message>
    <message>
      <source>At the counter</source>
      <translation>At the counter</translation>
    </message>
    <message>
      <source>By post</source>
      <translation>By post</translation>
    </message>
    <message>
      <source>Change answers</source>
      <translation>Change answers</translation>
    </message>
    <message>
      <source>Commitment letter</source>
      <translation>Commitment letter</translation>
    </message>
    <message>
      <source>How will you collect the result?</source>
      <translation>How will you collect the result?</translation>
    </message>
    <message>
      <source>Materials</source>
      <translation>Materials</translation>
    </message>
    <message>
      <source>Not signed</source>
      <translation>Not signed</translation>
    </message>
    <message>
      <source>Please check</source>
      <translation>Please check</translation>
    </message>
    <message>
      <source>Print at a kiosk</source>
      <translation>Print at a kiosk</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Saving…</translation>
    </message>
    <message>
      <source>Service</source>
      <translation>Service</translation>
    </message>
    <message>
      <source>Signed ✓</source>
      <translation>Signed ✓</translation>
    </message>
    <message>
      <source>Submit</source>
      <translation>Submit</translation>
    </message>
    <message>
      <source>The result of this service is collected: %1</source>
      <translation>The result of this service is collected: %1</translation>
    </message>
    <message>
      <source>Your answers</source>
      <translation>Your answers</translation>
    </message>
  </context>
  <context>
    <name>DiagnosticsPanel</name>
    <message>
      <source>Logs without personal data, settings without secrets, the queue and the devices.</source>
      <translation>Logs without personal data, settings without secrets, the queue and the devices.</translation>
    </message>
    <message>
      <source>Save to a USB stick</source>
      <translation>Save to a USB stick</translation>
    </message>
    <message>
      <source>Send to the network</source>
      <translation>Send to the network</translation>
    </message>
  </context>
  <context>
    <name>FaceCheckStep</name>
    <message>
      <source>A member of staff will confirm who you are</source>
      <translation>A member of staff will confirm who you are</translation>
    </message>
    <message>
      <source>Comparing… please keep still</source>
      <translation>Comparing… please keep still</translation>
    </message>
    <message>
      <source>Confirm</source>
      <translation>Confirm</translation>
    </message>
    <message>
      <source>Face check: please look at the camera</source>
      <translation>Face check: please look at the camera</translation>
    </message>
    <message>
      <source>Staff: check the card against the resident, then enter your PIN or put your staff card on the reader (take the resident's card off first).</source>
      <translation>Staff: check the card against the resident, then enter your PIN or put your staff card on the reader (take the resident's card off first).</translation>
    </message>
    <message>
      <source>Stand in front of the screen and look straight at the camera above it. Take off a hat, a mask or sunglasses.</source>
      <translation>Stand in front of the screen and look straight at the camera above it. Take off a hat, a mask or sunglasses.</translation>
    </message>
    <message>
      <source>Start the face check</source>
      <translation>Start the face check</translation>
    </message>
    <message>
      <source>The photo on the card is compared with your face to make sure the card is yours. No picture is kept.</source>
      <translation>The photo on the card is compared with your face to make sure the card is yours. No picture is kept.</translation>
    </message>
    <message>
      <source>This is not a problem with your application. Please wait: the staff will check your card against you.</source>
      <translation>This is not a problem with your application. Please wait: the staff will check your card against you.</translation>
    </message>
  </context>
  <context>
    <name>FormScreen</name>
    <message>
      <source>As entered before the form</source>
      <translation>As entered before the form</translation>
    </message>
    <message>
      <source>As your electronic card says (code checked)</source>
      <translation>As your electronic card says (code checked)</translation>
    </message>
    <message>
      <source>Fill in every field marked * to go on.</source>
      <translation>Fill in every field marked * to go on.</translation>
    </message>
    <message>
      <source>From the ID card</source>
      <translation>From the ID card</translation>
    </message>
    <message>
      <source>Next question</source>
      <translation>Next question</translation>
    </message>
    <message>
      <source>Next: materials</source>
      <translation>Next: materials</translation>
    </message>
    <message>
      <source>Question %1 of %2</source>
      <translation>Question %1 of %2</translation>
    </message>
  </context>
  <context>
    <name>GuideScreen</name>
    <message>
      <source>(if you have it)</source>
      <translation>(if you have it)</translation>
    </message>
    <message>
      <source>Collecting the result</source>
      <translation>Collecting the result</translation>
    </message>
    <message>
      <source>Complaints and advice</source>
      <translation>Complaints and advice</translation>
    </message>
    <message>
      <source>Fee</source>
      <translation>Fee</translation>
    </message>
    <message>
      <source>Print this guide</source>
      <translation>Print this guide</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>Printing…</translation>
    </message>
    <message>
      <source>Start my application</source>
      <translation>Start my application</translation>
    </message>
    <message>
      <source>Time to finish</source>
      <translation>Time to finish</translation>
    </message>
    <message>
      <source>What to bring</source>
      <translation>What to bring</translation>
    </message>
    <message>
      <source>Where</source>
      <translation>Where</translation>
    </message>
    <message>
      <source>Who can apply</source>
      <translation>Who can apply</translation>
    </message>
  </context>
  <context>
    <name>Header</name>
    <message>
      <source>Home</source>
      <translation>Home</translation>
    </message>
    <message>
      <source>‹ Back</source>
      <translation>‹ Back</translation>
    </message>
  </context>
  <context>
    <name>HomeScreen</name>
    <message>
      <source>Business services</source>
      <translation>Business services</translation>
    </message>
    <message>
      <source>Check my application</source>
      <translation>Check my application</translation>
    </message>
    <message>
      <source>Collect my results</source>
      <translation>Collect my results</translation>
    </message>
    <message>
      <source>Elderly mode</source>
      <translation>Elderly mode</translation>
    </message>
    <message>
      <source>Enter or scan the code on your receipt, or use your ID card</source>
      <translation>Enter or scan the code on your receipt, or use your ID card</translation>
    </message>
    <message>
      <source>Government Services Self-Service</source>
      <translation>Government Services Self-Service</translation>
    </message>
    <message>
      <source>ID cards, pensions, social security, certificates</source>
      <translation>ID cards, pensions, social security, certificates</translation>
    </message>
    <message>
      <source>Listen again</source>
      <translation>Listen again</translation>
    </message>
    <message>
      <source>Personal services</source>
      <translation>Personal services</translation>
    </message>
    <message>
      <source>Print approvals and certificates on A4</source>
      <translation>Print approvals and certificates on A4</translation>
    </message>
    <message>
      <source>Queue; priority for bookings and 70+</source>
      <translation>Queue; priority for bookings and 70+</translation>
    </message>
    <message>
      <source>Shops, companies, licences</source>
      <translation>Shops, companies, licences</translation>
    </message>
    <message>
      <source>Standard mode</source>
      <translation>Standard mode</translation>
    </message>
    <message>
      <source>Take a number</source>
      <translation>Take a number</translation>
    </message>
    <message>
      <source>Touch what you want to do.</source>
      <translation>Touch what you want to do.</translation>
    </message>
  </context>
  <context>
    <name>IdentifyScreen</name>
    <message>
      <source>Agent: %1 ✓</source>
      <translation>Agent: %1 ✓</translation>
    </message>
    <message>
      <source>Checking your code… please wait.</source>
      <translation>Checking your code… please wait.</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <source>Confirmed from the 户口簿: next</source>
      <translation>Confirmed from the 户口簿: next</translation>
    </message>
    <message>
      <source>For myself</source>
      <translation>For myself</translation>
    </message>
    <message>
      <source>For someone else (代办)</source>
      <translation>For someone else (代办)</translation>
    </message>
    <message>
      <source>ID number (公民身份号码)</source>
      <translation>ID number (公民身份号码)</translation>
    </message>
    <message>
      <source>Identify yourself</source>
      <translation>Identify yourself</translation>
    </message>
    <message>
      <source>Identity from the household register (户口簿), confirmed by the staff</source>
      <translation>Identity from the household register (户口簿), confirmed by the staff</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>No card with you? Show the code of your electronic social security card or electronic ID to the scanner.</source>
      <translation>No card with you? Show the code of your electronic social security card or electronic ID to the scanner.</translation>
    </message>
    <message>
      <source>Now put the other person's ID card on the reading area</source>
      <translation>Now put the other person's ID card on the reading area</translation>
    </message>
    <message>
      <source>Please put your ID card on the reading area, or insert your social security card</source>
      <translation>Please put your ID card on the reading area, or insert your social security card</translation>
    </message>
    <message>
      <source>Please put your own ID card on the reading area</source>
      <translation>Please put your own ID card on the reading area</translation>
    </message>
    <message>
      <source>Read my card</source>
      <translation>Read my card</translation>
    </message>
    <message>
      <source>Reading your card… please keep it still.</source>
      <translation>Reading your card… please keep it still.</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>Reading…</translation>
    </message>
    <message>
      <source>Staff: check the 户口簿 page against the resident, then type the name and the ID number exactly as printed.</source>
      <translation>Staff: check the 户口簿 page against the resident, then type the name and the ID number exactly as printed.</translation>
    </message>
    <message>
      <source>Step 1 of 2: your own card (the person applying on behalf)</source>
      <translation>Step 1 of 2: your own card (the person applying on behalf)</translation>
    </message>
    <message>
      <source>Step 2 of 2: the card of the person you apply for</source>
      <translation>Step 2 of 2: the card of the person you apply for</translation>
    </message>
    <message>
      <source>The code is checked as soon as the scanner reads it: no button to touch.</source>
      <translation>The code is checked as soon as the scanner reads it: no button to touch.</translation>
    </message>
    <message>
      <source>Then touch the button below.</source>
      <translation>Then touch the button below.</translation>
    </message>
    <message>
      <source>Who is this application for?</source>
      <translation>Who is this application for?</translation>
    </message>
    <message>
      <source>You need your own ID card and the ID card of the person you apply for.</source>
      <translation>You need your own ID card and the ID card of the person you apply for.</translation>
    </message>
    <message>
      <source>You need your own ID card.</source>
      <translation>You need your own ID card.</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <source>Are you still there?</source>
      <translation>Are you still there?</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>Continue</translation>
    </message>
    <message>
      <source>Government service kiosk</source>
      <translation>Government service kiosk</translation>
    </message>
    <message>
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>To keep your details safe, this screen goes back to the start in %1 seconds and forgets what you entered.</source>
      <translation>To keep your details safe, this screen goes back to the start in %1 seconds and forgets what you entered.</translation>
    </message>
  </context>
  <context>
    <name>MaterialsScreen</name>
    <message>
      <source>%1 of %2 photographed</source>
      <translation>%1 of %2 photographed</translation>
    </message>
    <message>
      <source>If you have it</source>
      <translation>If you have it</translation>
    </message>
    <message>
      <source>Material %1 of %2</source>
      <translation>Material %1 of %2</translation>
    </message>
    <message>
      <source>Materials</source>
      <translation>Materials</translation>
    </message>
    <message>
      <source>Next</source>
      <translation>Next</translation>
    </message>
    <message>
      <source>Next material</source>
      <translation>Next material</translation>
    </message>
    <message>
      <source>Photo taken ✓</source>
      <translation>Photo taken ✓</translation>
    </message>
    <message>
      <source>Put each material face up under the camera, then touch “Take a photo”.</source>
      <translation>Put each material face up under the camera, then touch “Take a photo”.</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>Required</translation>
    </message>
    <message>
      <source>Take a photo</source>
      <translation>Take a photo</translation>
    </message>
    <message>
      <source>Take it again</source>
      <translation>Take it again</translation>
    </message>
    <message>
      <source>Taking the photo…</source>
      <translation>Taking the photo…</translation>
    </message>
    <message>
      <source>This kiosk has no document camera: please hand your materials to the staff at the counter. Check the list below.</source>
      <translation>This kiosk has no document camera: please hand your materials to the staff at the counter. Check the list below.</translation>
    </message>
  </context>
  <context>
    <name>MissingScreen</name>
    <message>
      <source>Back to photos</source>
      <translation>Back to photos</translation>
    </message>
    <message>
      <source>Back to the list</source>
      <translation>Back to the list</translation>
    </message>
    <message>
      <source>For “%1”, these %2 materials are still missing:</source>
      <translation>For “%1”, these %2 materials are still missing:</translation>
    </message>
    <message>
      <source>Materials still missing</source>
      <translation>Materials still missing</translation>
    </message>
    <message>
      <source>Print this list</source>
      <translation>Print this list</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>Printing…</translation>
    </message>
    <message>
      <source>Promise to hand them in later</source>
      <translation>Promise to hand them in later</translation>
    </message>
    <message>
      <source>You can still apply now: sign a commitment letter promising to hand them in at the counter within %1 working days. Or print this list and come back with everything.</source>
      <translation>You can still apply now: sign a commitment letter promising to hand them in at the counter within %1 working days. Or print this list and come back with everything.</translation>
    </message>
  </context>
  <context>
    <name>PagerColumn</name>
    <message>
      <source>Down</source>
      <translation>Down</translation>
    </message>
    <message>
      <source>Up</source>
      <translation>Up</translation>
    </message>
  </context>
  <context>
    <name>PaymentScreen</name>
    <message>
      <source>Cancel payment</source>
      <translation>Cancel payment</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>Continue</translation>
    </message>
    <message>
      <source>Or open the payment code in WeChat or Alipay and hold it under the scanner.</source>
      <translation>Or open the payment code in WeChat or Alipay and hold it under the scanner.</translation>
    </message>
    <message>
      <source>Order number: %1</source>
      <translation>Order number: %1</translation>
    </message>
    <message>
      <source>Paid at: %1</source>
      <translation>Paid at: %1</translation>
    </message>
    <message>
      <source>Pay later</source>
      <translation>Pay later</translation>
    </message>
    <message>
      <source>Pay the fee</source>
      <translation>Pay the fee</translation>
    </message>
    <message>
      <source>Time left %1</source>
      <translation>Time left %1</translation>
    </message>
    <message>
      <source>Try again</source>
      <translation>Try again</translation>
    </message>
    <message>
      <source>Your application is saved. Registration code: %1</source>
      <translation>Your application is saved. Registration code: %1</translation>
    </message>
  </context>
  <context>
    <name>ProvisionHardware</name>
    <message>
      <source>Look again</source>
      <translation>Look again</translation>
    </message>
    <message>
      <source>Looking…</source>
      <translation>Looking…</translation>
    </message>
    <message>
      <source>Next: test the devices</source>
      <translation>Next: test the devices</translation>
    </message>
    <message>
      <source>None found.</source>
      <translation>None found.</translation>
    </message>
    <message>
      <source>Nothing was found. Check the cables and the power and look again, or enter each device by hand below.</source>
      <translation>Nothing was found. Check the cables and the power and look again, or enter each device by hand below.</translation>
    </message>
    <message>
      <source>Now: %1</source>
      <translation>Now: %1</translation>
    </message>
    <message>
      <source>Or enter it by hand: %1</source>
      <translation>Or enter it by hand: %1</translation>
    </message>
    <message>
      <source>Plug in every device, then let the kiosk look. Pick each device from what it found, or enter it by hand.</source>
      <translation>Plug in every device, then let the kiosk look. Pick each device from what it found, or enter it by hand.</translation>
    </message>
    <message>
      <source>Use</source>
      <translation>Use</translation>
    </message>
  </context>
  <context>
    <name>ProvisionScreen</name>
    <message>
      <source>Back to the device tests</source>
      <translation>Back to the device tests</translation>
    </message>
    <message>
      <source>Change devices</source>
      <translation>Change devices</translation>
    </message>
    <message>
      <source>Checklist</source>
      <translation>Checklist</translation>
    </message>
    <message>
      <source>Diagnostics for the technicians</source>
      <translation>Diagnostics for the technicians</translation>
    </message>
    <message>
      <source>Enroll this kiosk</source>
      <translation>Enroll this kiosk</translation>
    </message>
    <message>
      <source>Enrolled as %1. Now test each device: put a card on the reader, print a test page, scan its QR code, and look into the camera if there is one.</source>
      <translation>Enrolled as %1. Now test each device: put a card on the reader, print a test page, scan its QR code, and look into the camera if there is one.</translation>
    </message>
    <message>
      <source>Enrolling…</source>
      <translation>Enrolling…</translation>
    </message>
    <message>
      <source>Enrollment code</source>
      <translation>Enrollment code</translation>
    </message>
    <message>
      <source>Enter the service network's address and the one-time enrollment code from the network's administrator (servicenet enrollment-code).</source>
      <translation>Enter the service network's address and the one-time enrollment code from the network's administrator (servicenet enrollment-code).</translation>
    </message>
    <message>
      <source>Network address</source>
      <translation>Network address</translation>
    </message>
    <message>
      <source>Next</source>
      <translation>Next</translation>
    </message>
    <message>
      <source>Not ready yet: every required item needs a tick.</source>
      <translation>Not ready yet: every required item needs a tick.</translation>
    </message>
    <message>
      <source>Print a test page</source>
      <translation>Print a test page</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>Printing…</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>Reading…</translation>
    </message>
    <message>
      <source>Save settings</source>
      <translation>Save settings</translation>
    </message>
    <message>
      <source>Save these settings. The kiosk checks them against its schema and starts with them from now on.</source>
      <translation>Save these settings. The kiosk checks them against its schema and starts with them from now on.</translation>
    </message>
    <message>
      <source>Set up this kiosk</source>
      <translation>Set up this kiosk</translation>
    </message>
    <message>
      <source>Start the kiosk</source>
      <translation>Start the kiosk</translation>
    </message>
    <message>
      <source>Step %1 of %2</source>
      <translation>Step %1 of %2</translation>
    </message>
    <message>
      <source>Test camera</source>
      <translation>Test camera</translation>
    </message>
    <message>
      <source>Test card reader</source>
      <translation>Test card reader</translation>
    </message>
    <message>
      <source>Test scanner</source>
      <translation>Test scanner</translation>
    </message>
    <message>
      <source>Testing the camera…</source>
      <translation>Testing the camera…</translation>
    </message>
    <message>
      <source>This kiosk is ready for residents.</source>
      <translation>This kiosk is ready for residents.</translation>
    </message>
    <message>
      <source>Waiting for a scan…</source>
      <translation>Waiting for a scan…</translation>
    </message>
  </context>
  <context>
    <name>QueueScreen</name>
    <message>
      <source>Booked an appointment, or aged 70 or over? Put your ID card on the reader and touch the button first, to be called with priority. Otherwise you need no card.</source>
      <translation>Booked an appointment, or aged 70 or over? Put your ID card on the reader and touch the button first, to be called with priority. Otherwise you need no card.</translation>
    </message>
    <message>
      <source>Card read: %1. Now touch the business.</source>
      <translation>Card read: %1. Now touch the business.</translation>
    </message>
    <message>
      <source>Card read: %1. Your appointment today: %2 at %3. Touch the highlighted business.</source>
      <translation>Card read: %1. Your appointment today: %2 at %3. Touch the highlighted business.</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>Read my ID card</source>
      <translation>Read my ID card</translation>
    </message>
    <message>
      <source>Reading the card…</source>
      <translation>Reading the card…</translation>
    </message>
    <message>
      <source>Take a number</source>
      <translation>Take a number</translation>
    </message>
    <message>
      <source>Taking your number…</source>
      <translation>Taking your number…</translation>
    </message>
    <message>
      <source>Touch the business you came for.</source>
      <translation>Touch the business you came for.</translation>
    </message>
    <message>
      <source>Watch the screen in the hall and listen for your number.</source>
      <translation>Watch the screen in the hall and listen for your number.</translation>
    </message>
  </context>
  <context>
    <name>RateScreen</name>
    <message>
      <source>Back to the start</source>
      <translation>Back to the start</translation>
    </message>
    <message>
      <source>How satisfied are you?</source>
      <translation>How satisfied are you?</translation>
    </message>
    <message>
      <source>Rate this service</source>
      <translation>Rate this service</translation>
    </message>
    <message>
      <source>Send</source>
      <translation>Send</translation>
    </message>
    <message>
      <source>Sending…</source>
      <translation>Sending…</translation>
    </message>
    <message>
      <source>Thank you! Your rating “%1” has been recorded.</source>
      <translation>Thank you! Your rating “%1” has been recorded.</translation>
    </message>
    <message>
      <source>We are sorry. What went wrong? Touch all that apply.</source>
      <translation>We are sorry. What went wrong? Touch all that apply.</translation>
    </message>
  </context>
  <context>
    <name>ReceiptScreen</name>
    <message>
      <source>Application registered</source>
      <translation>Application registered</translation>
    </message>
    <message>
      <source>Finish</source>
      <translation>Finish</translation>
    </message>
    <message>
      <source>Handled by: %1</source>
      <translation>Handled by: %1</translation>
    </message>
    <message>
      <source>Rate this service</source>
      <translation>Rate this service</translation>
    </message>
    <message>
      <source>Reprint</source>
      <translation>Reprint</translation>
    </message>
    <message>
      <source>Scan with your phone to follow your application.</source>
      <translation>Scan with your phone to follow your application.</translation>
    </message>
    <message>
      <source>Submitted: %1</source>
      <translation>Submitted: %1</translation>
    </message>
    <message>
      <source>Time to finish: %1</source>
      <translation>Time to finish: %1</translation>
    </message>
    <message>
      <source>To be finished by: %1</source>
      <translation>To be finished by: %1</translation>
    </message>
    <message>
      <source>Your registration code — keep it to check your application:</source>
      <translation>Your registration code — keep it to check your application:</translation>
    </message>
  </context>
  <context>
    <name>ResultsScreen</name>
    <message>
      <source>Collect my results</source>
      <translation>Collect my results</translation>
    </message>
    <message>
      <source>Issued %1</source>
      <translation>Issued %1</translation>
    </message>
    <message>
      <source>Looking up your results…</source>
      <translation>Looking up your results…</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>Print</translation>
    </message>
    <message>
      <source>Print your approval, certificate or licence here once your application is completed.</source>
      <translation>Print your approval, certificate or licence here once your application is completed.</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>Printing…</translation>
    </message>
    <message>
      <source>Put your ID card on the reader and touch the button, or scan the QR code on your receipt.</source>
      <translation>Put your ID card on the reader and touch the button, or scan the QR code on your receipt.</translation>
    </message>
    <message>
      <source>Read my ID card</source>
      <translation>Read my ID card</translation>
    </message>
    <message>
      <source>Reading the card…</source>
      <translation>Reading the card…</translation>
    </message>
    <message>
      <source>Your results</source>
      <translation>Your results</translation>
    </message>
  </context>
  <context>
    <name>SignaturePad</name>
    <message>
      <source>Sign here with your finger</source>
      <translation>Sign here with your finger</translation>
    </message>
  </context>
  <context>
    <name>StaffLoginScreen</name>
    <message>
      <source>For hall staff and technicians. Enter your PIN, or put your staff card on the reader.</source>
      <translation>For hall staff and technicians. Enter your PIN, or put your staff card on the reader.</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>Sign in</translation>
    </message>
    <message>
      <source>Staff sign-in</source>
      <translation>Staff sign-in</translation>
    </message>
  </context>
  <context>
    <name>StaffPinPad</name>
    <message>
      <source>(PIN)</source>
      <translation>(PIN)</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>Clear</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>Staff card</source>
      <translation>Staff card</translation>
    </message>
  </context>
  <context>
    <name>StaffScreen</name>
    <message>
      <source>%1 · %2 · %3: %4</source>
      <translation>%1 · %2 · %3: %4</translation>
    </message>
    <message>
      <source>(%1 at the counter)</source>
      <translation>(%1 at the counter)</translation>
    </message>
    <message>
      <source>Acknowledge the recovery note</source>
      <translation>Acknowledge the recovery note</translation>
    </message>
    <message>
      <source>Apply for a resident</source>
      <translation>Apply for a resident</translation>
    </message>
    <message>
      <source>Cases today: %1</source>
      <translation>Cases today: %1</translation>
    </message>
    <message>
      <source>Devices</source>
      <translation>Devices</translation>
    </message>
    <message>
      <source>Diagnostics for the technicians</source>
      <translation>Diagnostics for the technicians</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>Export</translation>
    </message>
    <message>
      <source>Export CSV</source>
      <translation>Export CSV</translation>
    </message>
    <message>
      <source>Find payments</source>
      <translation>Find payments</translation>
    </message>
    <message>
      <source>Last sync: %1</source>
      <translation>Last sync: %1</translation>
    </message>
    <message>
      <source>Network: connected</source>
      <translation>Network: connected</translation>
    </message>
    <message>
      <source>Network: not connected</source>
      <translation>Network: not connected</translation>
    </message>
    <message>
      <source>No ID card: from the 户口簿</source>
      <translation>No ID card: from the 户口簿</translation>
    </message>
    <message>
      <source>No device information.</source>
      <translation>No device information.</translation>
    </message>
    <message>
      <source>None. Every case went through.</source>
      <translation>None. Every case went through.</translation>
    </message>
    <message>
      <source>Payments and refunds</source>
      <translation>Payments and refunds</translation>
    </message>
    <message>
      <source>Quarantined cases</source>
      <translation>Quarantined cases</translation>
    </message>
    <message>
      <source>Quarantined: %1</source>
      <translation>Quarantined: %1</translation>
    </message>
    <message>
      <source>Queue and network</source>
      <translation>Queue and network</translation>
    </message>
    <message>
      <source>Re-queue</source>
      <translation>Re-queue</translation>
    </message>
    <message>
      <source>Reason for the refund</source>
      <translation>Reason for the refund</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>Refund</translation>
    </message>
    <message>
      <source>Registration code (20 digits)</source>
      <translation>Registration code (20 digits)</translation>
    </message>
    <message>
      <source>Reprint</source>
      <translation>Reprint</translation>
    </message>
    <message>
      <source>Reprint a receipt</source>
      <translation>Reprint a receipt</translation>
    </message>
    <message>
      <source>Send now</source>
      <translation>Send now</translation>
    </message>
    <message>
      <source>Sign out</source>
      <translation>Sign out</translation>
    </message>
    <message>
      <source>Staff counter</source>
      <translation>Staff counter</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>Today</translation>
    </message>
    <message>
      <source>Waiting to send: %1</source>
      <translation>Waiting to send: %1</translation>
    </message>
  </context>
  <context>
    <name>TrackScreen</name>
    <message>
      <source>(no digits yet)</source>
      <translation>(no digits yet)</translation>
    </message>
    <message>
      <source>Applications for this ID card:</source>
      <translation>Applications for this ID card:</translation>
    </message>
    <message>
      <source>Check my application</source>
      <translation>Check my application</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>Clear</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>Enter the 20-digit code on your receipt, or hold its QR code to the scanner</source>
      <translation>Enter the 20-digit code on your receipt, or hold its QR code to the scanner</translation>
    </message>
    <message>
      <source>Hand them in now</source>
      <translation>Hand them in now</translation>
    </message>
    <message>
      <source>Look up</source>
      <translation>Look up</translation>
    </message>
    <message>
      <source>Looking…</source>
      <translation>Looking…</translation>
    </message>
    <message>
      <source>Photograph a page (%1)</source>
      <translation>Photograph a page (%1)</translation>
    </message>
    <message>
      <source>Please bring these materials to the office:</source>
      <translation>Please bring these materials to the office:</translation>
    </message>
    <message>
      <source>Rate this service</source>
      <translation>Rate this service</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>Reading…</translation>
    </message>
    <message>
      <source>Sending…</source>
      <translation>Sending…</translation>
    </message>
    <message>
      <source>Status: %1</source>
      <translation>Status: %1</translation>
    </message>
    <message>
      <source>Taking the picture…</source>
      <translation>Taking the picture…</translation>
    </message>
    <message>
      <source>This application is rated: %1. Each is rated once. Thank you.</source>
      <translation>This application is rated: %1. Each is rated once. Thank you.</translation>
    </message>
    <message>
      <source>To be finished by: %1</source>
      <translation>To be finished by: %1</translation>
    </message>
    <message>
      <source>Use my ID card</source>
      <translation>Use my ID card</translation>
    </message>
    <message>
      <source>You have rated this service. Thank you.</source>
      <translation>You have rated this service. Thank you.</translation>
    </message>
  </context>
  <context>
    <name>business</name>
    <message>
      <source>A unified social credit code has 18 characters. You entered %1.</source>
      <translation>A unified social credit code has 18 characters. You entered %1.</translation>
    </message>
    <message>
      <source>Please enter the organisation's name.</source>
      <translation>Please enter the organisation's name.</translation>
    </message>
    <message>
      <source>Please enter the unified social credit code.</source>
      <translation>Please enter the unified social credit code.</translation>
    </message>
  </context>
  <context>
    <name>catalogue</name>
    <message>
      <source>No services here yet.</source>
      <translation>No services here yet.</translation>
    </message>
    <message>
      <source>Nothing found for “%1”. Try fewer words.</source>
      <translation>Nothing found for “%1”. Try fewer words.</translation>
    </message>
    <message>
      <source>The list of services cannot be shown now. Please ask the staff.</source>
      <translation>The list of services cannot be shown now. Please ask the staff.</translation>
    </message>
    <message>
      <source>This service cannot be handled on this machine.</source>
      <translation>This service cannot be handled on this machine.</translation>
    </message>
  </context>
  <context>
    <name>commitment</name>
    <message>
      <source>I am applying for “%1”. I promise that what I have filled in and the materials I have given are true, complete and valid.</source>
      <translation>I am applying for “%1”. I promise that what I have filled in and the materials I have given are true, complete and valid.</translation>
    </message>
    <message>
      <source>I have not yet handed in: %1. I promise to hand them in at the counter within %2 working days.</source>
      <translation>I have not yet handed in: %1. I promise to hand them in at the counter within %2 working days.</translation>
    </message>
    <message>
      <source>If anything I said is untrue, the application may be refused or the decision withdrawn, and I bear the legal responsibility.</source>
      <translation>If anything I said is untrue, the application may be refused or the decision withdrawn, and I bear the legal responsibility.</translation>
    </message>
    <message>
      <source>My personal information is used only to handle this application.</source>
      <translation>My personal information is used only to handle this application.</translation>
    </message>
    <message>
      <source>Please sign with your finger in the box first.</source>
      <translation>Please sign with your finger in the box first.</translation>
    </message>
  </context>
  <context>
    <name>confirm</name>
    <message>
      <source>%1 photographed</source>
      <translation>%1 photographed</translation>
    </message>
    <message>
      <source>This kiosk's storage is full, so your application was not saved. Please ask the staff for help.</source>
      <translation>This kiosk's storage is full, so your application was not saved. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>To receive it by post, fill in your address and phone on the form.</source>
      <translation>To receive it by post, fill in your address and phone on the form.</translation>
    </message>
    <message>
      <source>Your application could not be saved. Nothing was sent. Please try again or ask the staff.</source>
      <translation>Your application could not be saved. Nothing was sent. Please try again or ask the staff.</translation>
    </message>
    <message>
      <source>to hand in later: %1</source>
      <translation>to hand in later: %1</translation>
    </message>
  </context>
  <context>
    <name>drivers</name>
    <message>
      <source>%1 case(s) recovered from the service network</source>
      <translation>%1 case(s) recovered from the service network</translation>
    </message>
    <message>
      <source>%1 more could not be recovered</source>
      <translation>%1 more could not be recovered</translation>
    </message>
    <message>
      <source>Not recovered: row %2 of table %1 could not be read</source>
      <translation>Not recovered: row %2 of table %1 could not be read</translation>
    </message>
    <message>
      <source>Not recovered: row %2 of table %1 has lost its case</source>
      <translation>Not recovered: row %2 of table %1 has lost its case</translation>
    </message>
    <message>
      <source>Not recovered: table %1 could not be read (%2)</source>
      <translation>Not recovered: table %1 could not be read (%2)</translation>
    </message>
    <message>
      <source>Not recovered: the copy of %1 waiting to be sent is missing</source>
      <translation>Not recovered: the copy of %1 waiting to be sent is missing</translation>
    </message>
    <message>
      <source>Not recovered: the damaged file could not be opened (%1)</source>
      <translation>Not recovered: the damaged file could not be opened (%1)</translation>
    </message>
    <message>
      <source>Payment is not available right now.</source>
      <translation>Payment is not available right now.</translation>
    </message>
    <message>
      <source>Please hold the code under the scanner.</source>
      <translation>Please hold the code under the scanner.</translation>
    </message>
    <message>
      <source>Please insert your social security card into the card slot.</source>
      <translation>Please insert your social security card into the card slot.</translation>
    </message>
    <message>
      <source>Please put your ID card on the reader, or insert your social security card.</source>
      <translation>Please put your ID card on the reader, or insert your social security card.</translation>
    </message>
    <message>
      <source>Please put your ID card on the reader.</source>
      <translation>Please put your ID card on the reader.</translation>
    </message>
    <message>
      <source>The A4 printer has a fault. Please ask the staff for help.</source>
      <translation>The A4 printer has a fault. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>The A4 printer is offline. Please ask the staff for help.</source>
      <translation>The A4 printer is offline. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>The A4 printer is out of paper. Please ask the staff for help.</source>
      <translation>The A4 printer is out of paper. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>The A4 printer is out of toner. Please ask the staff for help.</source>
      <translation>The A4 printer is out of toner. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>The A4 printer is running low on toner.</source>
      <translation>The A4 printer is running low on toner.</translation>
    </message>
    <message>
      <source>The A4 printer is running out of paper.</source>
      <translation>The A4 printer is running out of paper.</translation>
    </message>
    <message>
      <source>The A4 printer stopped the job before the document came out.</source>
      <translation>The A4 printer stopped the job before the document came out.</translation>
    </message>
    <message>
      <source>The ID card reader is not connected.</source>
      <translation>The ID card reader is not connected.</translation>
    </message>
    <message>
      <source>The ID card reader reports a fault.</source>
      <translation>The ID card reader reports a fault.</translation>
    </message>
    <message>
      <source>The ID number on this card is not valid. Please ask the staff for help.</source>
      <translation>The ID number on this card is not valid. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>The camera gave no picture.</source>
      <translation>The camera gave no picture.</translation>
    </message>
    <message>
      <source>The camera is not connected.</source>
      <translation>The camera is not connected.</translation>
    </message>
    <message>
      <source>The card could not be read. Please take the card out and put it in again.</source>
      <translation>The card could not be read. Please take the card out and put it in again.</translation>
    </message>
    <message>
      <source>The card reader sent a damaged answer. Please take the card out and put it in again.</source>
      <translation>The card reader sent a damaged answer. Please take the card out and put it in again.</translation>
    </message>
    <message>
      <source>The card was taken out too soon. Please insert it again and leave it until it is read.</source>
      <translation>The card was taken out too soon. Please insert it again and leave it until it is read.</translation>
    </message>
    <message>
      <source>The code scanner is not connected.</source>
      <translation>The code scanner is not connected.</translation>
    </message>
    <message>
      <source>The code sequence could not be read (%1): today's codes skip %2 numbers</source>
      <translation>The code sequence could not be read (%1): today's codes skip %2 numbers</translation>
    </message>
    <message>
      <source>The database was damaged and set aside as %1; %2 case(s) recovered from it</source>
      <translation>The database was damaged and set aside as %1; %2 case(s) recovered from it</translation>
    </message>
    <message>
      <source>The details on this card cannot be read here. Please use your ID card instead.</source>
      <translation>The details on this card cannot be read here. Please use your ID card instead.</translation>
    </message>
    <message>
      <source>The disk is full: new applications cannot be saved. Please free some storage space.</source>
      <translation>The disk is full: new applications cannot be saved. Please free some storage space.</translation>
    </message>
    <message>
      <source>The document could not be checked. Please ask the staff.</source>
      <translation>The document could not be checked. Please ask the staff.</translation>
    </message>
    <message>
      <source>The kiosk may not open the USB receipt printer. A technician installs the device rules (deploy/udev) and replugs it.</source>
      <translation>The kiosk may not open the USB receipt printer. A technician installs the device rules (deploy/udev) and replugs it.</translation>
    </message>
    <message>
      <source>The payment order was not found.</source>
      <translation>The payment order was not found.</translation>
    </message>
    <message>
      <source>The payment was refused.</source>
      <translation>The payment was refused.</translation>
    </message>
    <message>
      <source>The printer cover is open. Please ask the staff for help.</source>
      <translation>The printer cover is open. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>The printer has a fault. Please ask the staff for help.</source>
      <translation>The printer has a fault. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>The printer is offline. Please ask the staff for help.</source>
      <translation>The printer is offline. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>The printer is out of paper. Please ask the staff for help.</source>
      <translation>The printer is out of paper. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>The printer is running out of paper.</source>
      <translation>The printer is running out of paper.</translation>
    </message>
    <message>
      <source>The printer ran out of paper while printing. Your application is saved. Please ask the staff for help.</source>
      <translation>The printer ran out of paper while printing. Your application is saved. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>The printer's paper cutter is stuck. Please ask the staff for help.</source>
      <translation>The printer's paper cutter is stuck. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>The receipt could not be printed. Your application is saved; a staff member can reprint it.</source>
      <translation>The receipt could not be printed. Your application is saved; a staff member can reprint it.</translation>
    </message>
    <message>
      <source>The receipt printer is not connected (USB). Check its cable and power.</source>
      <translation>The receipt printer is not connected (USB). Check its cable and power.</translation>
    </message>
    <message>
      <source>The receipt printer is not responding.</source>
      <translation>The receipt printer is not responding.</translation>
    </message>
    <message>
      <source>The social security card could not be read. Please take it out and put it in again.</source>
      <translation>The social security card could not be read. Please take it out and put it in again.</translation>
    </message>
    <message>
      <source>The social security card reader is not connected.</source>
      <translation>The social security card reader is not connected.</translation>
    </message>
    <message>
      <source>The social security card reader is not working. Please ask the staff for help.</source>
      <translation>The social security card reader is not working. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>This device cannot be used because part of its software is missing. Please ask the staff for help.</source>
      <translation>This device cannot be used because part of its software is missing. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>This device is not set up on this kiosk.</source>
      <translation>This device is not set up on this kiosk.</translation>
    </message>
    <message>
      <source>This device is not working. Please ask the staff for help.</source>
      <translation>This device is not working. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>This document has been printed as many times as allowed. Please ask the staff.</source>
      <translation>This document has been printed as many times as allowed. Please ask the staff.</translation>
    </message>
    <message>
      <source>This is not a social security card. Please insert your social security card.</source>
      <translation>This is not a social security card. Please insert your social security card.</translation>
    </message>
    <message>
      <source>This kiosk has no A4 printer. Please print at the counter.</source>
      <translation>This kiosk has no A4 printer. Please print at the counter.</translation>
    </message>
    <message>
      <source>This print was not counted: you can print the document again when the printer is ready.</source>
      <translation>This print was not counted: you can print the document again when the printer is ready.</translation>
    </message>
    <message>
      <source>This print will not be counted: the kiosk tells the network as soon as it can. If you need the document now, please ask the staff.</source>
      <translation>This print will not be counted: the kiosk tells the network as soon as it can. If you need the document now, please ask the staff.</translation>
    </message>
  </context>
  <context>
    <name>face</name>
    <message>
      <source>Please take off a hat or glasses, look straight at the camera with nobody else in the picture, and try again. Tries left: %1</source>
      <translation>Please take off a hat or glasses, look straight at the camera with nobody else in the picture, and try again. Tries left: %1</translation>
    </message>
    <message>
      <source>Staff sign-in is not set up on this kiosk. Please go to the counter.</source>
      <translation>Staff sign-in is not set up on this kiosk. Please go to the counter.</translation>
    </message>
    <message>
      <source>The camera could not see one face clearly.</source>
      <translation>The camera could not see one face clearly.</translation>
    </message>
    <message>
      <source>The camera is not available.</source>
      <translation>The camera is not available.</translation>
    </message>
    <message>
      <source>The face at the camera and the photo on the card did not match.</source>
      <translation>The face at the camera and the photo on the card did not match.</translation>
    </message>
    <message>
      <source>The faces did not match. Please look straight at the camera in good light and try again. Tries left: %1</source>
      <translation>The faces did not match. Please look straight at the camera in good light and try again. Tries left: %1</translation>
    </message>
    <message>
      <source>The staff card could not be read. Please try again or enter the PIN.</source>
      <translation>The staff card could not be read. Please try again or enter the PIN.</translation>
    </message>
    <message>
      <source>This card is not a staff card of this kiosk. Take the resident's card off the reader, then put the staff card on it.</source>
      <translation>This card is not a staff card of this kiosk. Take the resident's card off the reader, then put the staff card on it.</translation>
    </message>
    <message>
      <source>This kiosk cannot read the photo on this card.</source>
      <translation>This kiosk cannot read the photo on this card.</translation>
    </message>
  </context>
  <context>
    <name>form</name>
    <message>
      <source>11-digit mobile number</source>
      <translation>11-digit mobile number</translation>
    </message>
    <message>
      <source>18 characters: 17 digits, then a digit or X</source>
      <translation>18 characters: 17 digits, then a digit or X</translation>
    </message>
    <message>
      <source>A credit code uses the digits 0-9 and capital letters, but not I, O, Z, S or V.</source>
      <translation>A credit code uses the digits 0-9 and capital letters, but not I, O, Z, S or V.</translation>
    </message>
    <message>
      <source>A number from %1 to %2</source>
      <translation>A number from %1 to %2</translation>
    </message>
    <message>
      <source>A unified social credit code has 18 characters.</source>
      <translation>A unified social credit code has 18 characters.</translation>
    </message>
    <message>
      <source>An ID number has 18 characters: 17 digits, then a digit or X.</source>
      <translation>An ID number has 18 characters: 17 digits, then a digit or X.</translation>
    </message>
    <message>
      <source>Please choose one of the options.</source>
      <translation>Please choose one of the options.</translation>
    </message>
    <message>
      <source>Please enter a date like 1956-03-08 (year-month-day).</source>
      <translation>Please enter a date like 1956-03-08 (year-month-day).</translation>
    </message>
    <message>
      <source>Please enter a number from %1 to %2.</source>
      <translation>Please enter a number from %1 to %2.</translation>
    </message>
    <message>
      <source>Please enter a number of at least %1.</source>
      <translation>Please enter a number of at least %1.</translation>
    </message>
    <message>
      <source>Please enter a number of at most %1.</source>
      <translation>Please enter a number of at most %1.</translation>
    </message>
    <message>
      <source>Please enter a whole number.</source>
      <translation>Please enter a whole number.</translation>
    </message>
    <message>
      <source>Please enter an 11-digit mobile number.</source>
      <translation>Please enter an 11-digit mobile number.</translation>
    </message>
    <message>
      <source>Please fill this in.</source>
      <translation>Please fill this in.</translation>
    </message>
    <message>
      <source>Please use at least %1 characters.</source>
      <translation>Please use at least %1 characters.</translation>
    </message>
    <message>
      <source>Please use at most %1 characters.</source>
      <translation>Please use at most %1 characters.</translation>
    </message>
    <message>
      <source>Please use only the digits 0-9 and X.</source>
      <translation>Please use only the digits 0-9 and X.</translation>
    </message>
    <message>
      <source>Please use only the digits 0-9.</source>
      <translation>Please use only the digits 0-9.</translation>
    </message>
    <message>
      <source>Province, city, county, town, village and house number</source>
      <translation>Province, city, county, town, village and house number</translation>
    </message>
    <message>
      <source>The birth date inside this ID number is not a real date.</source>
      <translation>The birth date inside this ID number is not a real date.</translation>
    </message>
    <message>
      <source>This ID number is not right: please check each digit again.</source>
      <translation>This ID number is not right: please check each digit again.</translation>
    </message>
    <message>
      <source>This credit code is not right: please check each character against the business licence.</source>
      <translation>This credit code is not right: please check each character against the business licence.</translation>
    </message>
    <message>
      <source>This does not look right. Please check it.</source>
      <translation>This does not look right. Please check it.</translation>
    </message>
    <message>
      <source>Year-month-day, e.g. 1956-03-08</source>
      <translation>Year-month-day, e.g. 1956-03-08</translation>
    </message>
  </context>
  <context>
    <name>guide</name>
    <message>
      <source>%1 working days</source>
      <translation>%1 working days</translation>
    </message>
    <message>
      <source>, </source>
      <translation>, </translation>
    </message>
    <message>
      <source>At the counter</source>
      <translation>At the counter</translation>
    </message>
    <message>
      <source>By post</source>
      <translation>By post</translation>
    </message>
    <message>
      <source>Complaints and advice</source>
      <translation>Complaints and advice</translation>
    </message>
    <message>
      <source>Copies: %1</source>
      <translation>Copies: %1</translation>
    </message>
    <message>
      <source>Done on the spot</source>
      <translation>Done on the spot</translation>
    </message>
    <message>
      <source>Fee</source>
      <translation>Fee</translation>
    </message>
    <message>
      <source>Free</source>
      <translation>Free</translation>
    </message>
    <message>
      <source>Print at a kiosk</source>
      <translation>Print at a kiosk</translation>
    </message>
    <message>
      <source>Time to finish</source>
      <translation>Time to finish</translation>
    </message>
    <message>
      <source>What to bring</source>
      <translation>What to bring</translation>
    </message>
    <message>
      <source>Where</source>
      <translation>Where</translation>
    </message>
    <message>
      <source>Who can apply</source>
      <translation>Who can apply</translation>
    </message>
  </context>
  <context>
    <name>handin</name>
    <message>
      <source>Received. Your application continues now.</source>
      <translation>Received. Your application continues now.</translation>
    </message>
    <message>
      <source>The network cannot be reached, so nothing was sent. Please try again later or hand the materials in at the counter.</source>
      <translation>The network cannot be reached, so nothing was sent. Please try again later or hand the materials in at the counter.</translation>
    </message>
    <message>
      <source>The office is not waiting for materials on this application.</source>
      <translation>The office is not waiting for materials on this application.</translation>
    </message>
    <message>
      <source>The picture could not be taken. Please try again.</source>
      <translation>The picture could not be taken. Please try again.</translation>
    </message>
  </context>
  <context>
    <name>identify</name>
    <message>
      <source>Please type the name as the 户口簿 shows it.</source>
      <translation>Please type the name as the 户口簿 shows it.</translation>
    </message>
    <message>
      <source>The card could not be read. Please take it off and try again.</source>
      <translation>The card could not be read. Please take it off and try again.</translation>
    </message>
    <message>
      <source>The code cannot be checked now because the network is not available. Please use your ID card.</source>
      <translation>The code cannot be checked now because the network is not available. Please use your ID card.</translation>
    </message>
    <message>
      <source>This card expired on %1. This service needs a valid card; only a few services, such as renewing the ID card, take an expired one. Please ask the staff if you need help.</source>
      <translation>This card expired on %1. This service needs a valid card; only a few services, such as renewing the ID card, take an expired one. Please ask the staff if you need help.</translation>
    </message>
    <message>
      <source>This code could not be used: it may have expired. Please refresh the code on your phone and show it again, or use your ID card.</source>
      <translation>This code could not be used: it may have expired. Please refresh the code on your phone and show it again, or use your ID card.</translation>
    </message>
    <message>
      <source>This is your own card again. Now put the card of the person you are applying for on the reader.</source>
      <translation>This is your own card again. Now put the card of the person you are applying for on the reader.</translation>
    </message>
  </context>
  <context>
    <name>kiosk</name>
    <message>
      <source>Getting ready. Please try again in a moment.</source>
      <translation>Getting ready. Please try again in a moment.</translation>
    </message>
    <message>
      <source>Something went wrong with the machine. Please ask the staff for help.</source>
      <translation>Something went wrong with the machine. Please ask the staff for help.</translation>
    </message>
  </context>
  <context>
    <name>link</name>
    <message>
      <source>Connected</source>
      <translation>Connected</translation>
    </message>
    <message>
      <source>No network now. You can still apply here.</source>
      <translation>No network now. You can still apply here.</translation>
    </message>
    <message>
      <source>Saved, being sent now</source>
      <translation>Saved, being sent now</translation>
    </message>
    <message>
      <source>Saved. It will be sent when the network is back.</source>
      <translation>Saved. It will be sent when the network is back.</translation>
    </message>
  </context>
  <context>
    <name>materials</name>
    <message>
      <source>Still needed</source>
      <translation>Still needed</translation>
    </message>
    <message>
      <source>The picture could not be taken. Please try again, or hand this material to the staff.</source>
      <translation>The picture could not be taken. Please try again, or hand this material to the staff.</translation>
    </message>
    <message>
      <source>This kiosk has no document camera. Please hand this material to the staff at the counter.</source>
      <translation>This kiosk has no document camera. Please hand this material to the staff at the counter.</translation>
    </message>
  </context>
  <context>
    <name>payment</name>
    <message>
      <source>Paying… If your phone asks, please confirm the payment on it.</source>
      <translation>Paying… If your phone asks, please confirm the payment on it.</translation>
    </message>
    <message>
      <source>Payment cancelled. Nothing was paid.</source>
      <translation>Payment cancelled. Nothing was paid.</translation>
    </message>
    <message>
      <source>Payment is not available right now. Your application is saved: you can pay later.</source>
      <translation>Payment is not available right now. Your application is saved: you can pay later.</translation>
    </message>
    <message>
      <source>Payment received. Thank you!</source>
      <translation>Payment received. Thank you!</translation>
    </message>
    <message>
      <source>Please scan the QR code with WeChat or Alipay to pay %1, or show your payment code to the scanner.</source>
      <translation>Please scan the QR code with WeChat or Alipay to pay %1, or show your payment code to the scanner.</translation>
    </message>
    <message>
      <source>Please wait…</source>
      <translation>Please wait…</translation>
    </message>
    <message>
      <source>Preparing your payment…</source>
      <translation>Preparing your payment…</translation>
    </message>
    <message>
      <source>Refunded %1.</source>
      <translation>Refunded %1.</translation>
    </message>
    <message>
      <source>Refunding…</source>
      <translation>Refunding…</translation>
    </message>
    <message>
      <source>Scan the QR code with WeChat or Alipay and pay on your phone.</source>
      <translation>Scan the QR code with WeChat or Alipay and pay on your phone.</translation>
    </message>
    <message>
      <source>That is not a payment code. Please show the payment code in WeChat or Alipay.</source>
      <translation>That is not a payment code. Please show the payment code in WeChat or Alipay.</translation>
    </message>
    <message>
      <source>The QR code has expired. Nothing was paid.</source>
      <translation>The QR code has expired. Nothing was paid.</translation>
    </message>
    <message>
      <source>The connection is slow. Still checking your payment…</source>
      <translation>The connection is slow. Still checking your payment…</translation>
    </message>
    <message>
      <source>The payment service refused the refund. Please ask the payment administrator.</source>
      <translation>The payment service refused the refund. Please ask the payment administrator.</translation>
    </message>
    <message>
      <source>The payment was declined. Nothing was paid.</source>
      <translation>The payment was declined. Nothing was paid.</translation>
    </message>
    <message>
      <source>The payment was not confirmed in time and has been cancelled. Nothing was paid.</source>
      <translation>The payment was not confirmed in time and has been cancelled. Nothing was paid.</translation>
    </message>
    <message>
      <source>The refund is not confirmed yet; it will be retried.</source>
      <translation>The refund is not confirmed yet; it will be retried.</translation>
    </message>
    <message>
      <source>This application is paid already.</source>
      <translation>This application is paid already.</translation>
    </message>
    <message>
      <source>This application was not accepted, so no fee is due. Nothing was paid.</source>
      <translation>This application was not accepted, so no fee is due. Nothing was paid.</translation>
    </message>
    <message>
      <source>This order was not paid: there is nothing to refund.</source>
      <translation>This order was not paid: there is nothing to refund.</translation>
    </message>
    <message>
      <source>This payment was already refunded or cancelled.</source>
      <translation>This payment was already refunded or cancelled.</translation>
    </message>
    <message>
      <source>We could not confirm your payment. If money was taken, it is recorded with your application automatically; otherwise please pay later.</source>
      <translation>We could not confirm your payment. If money was taken, it is recorded with your application automatically; otherwise please pay later.</translation>
    </message>
    <message>
      <source>Your receipt will say how to pay later: scan its QR code, use the online service website, or pay at the counter.</source>
      <translation>Your receipt will say how to pay later: scan its QR code, use the online service website, or pay at the counter.</translation>
    </message>
  </context>
  <context>
    <name>provision</name>
    <message>
      <source>%1 (%2)</source>
      <translation>%1 (%2)</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1: %2</translation>
    </message>
    <message>
      <source>/dev/input/by-id/… or /dev/ttyACM0</source>
      <translation>/dev/input/by-id/… or /dev/ttyACM0</translation>
    </message>
    <message>
      <source>/dev/ttyUSB1, USB ids 0416:5011 or host:9100</source>
      <translation>/dev/ttyUSB1, USB ids 0416:5011 or host:9100</translation>
    </message>
    <message>
      <source>/dev/v4l/by-id/… or /dev/video0</source>
      <translation>/dev/v4l/by-id/… or /dev/video0</translation>
    </message>
    <message>
      <source>A %1 scanner (USB %2), not asked: a scanner only talks when it scans</source>
      <translation>A %1 scanner (USB %2), not asked: a scanner only talks when it scans</translation>
    </message>
    <message>
      <source>A receipt printer answered at %1 baud</source>
      <translation>A receipt printer answered at %1 baud</translation>
    </message>
    <message>
      <source>A serial device, e.g. /dev/ttyUSB0</source>
      <translation>A serial device, e.g. /dev/ttyUSB0</translation>
    </message>
    <message>
      <source>A4 printer</source>
      <translation>A4 printer</translation>
    </message>
    <message>
      <source>A4 printers (CUPS)</source>
      <translation>A4 printers (CUPS)</translation>
    </message>
    <message>
      <source>An ID card reader answered</source>
      <translation>An ID card reader answered</translation>
    </message>
    <message>
      <source>Any PC/SC reader</source>
      <translation>Any PC/SC reader</translation>
    </message>
    <message>
      <source>Asked, but nothing answered</source>
      <translation>Asked, but nothing answered</translation>
    </message>
    <message>
      <source>Asking the serial ports what they are</source>
      <translation>Asking the serial ports what they are</translation>
    </message>
    <message>
      <source>Busy: another program holds it</source>
      <translation>Busy: another program holds it</translation>
    </message>
    <message>
      <source>CUPS queue %1 on %2</source>
      <translation>CUPS queue %1 on %2</translation>
    </message>
    <message>
      <source>Camera %1</source>
      <translation>Camera %1</translation>
    </message>
    <message>
      <source>Camera (face check)</source>
      <translation>Camera (face check)</translation>
    </message>
    <message>
      <source>Camera sees a face (optional)</source>
      <translation>Camera sees a face (optional)</translation>
    </message>
    <message>
      <source>Card reader reads a card</source>
      <translation>Card reader reads a card</translation>
    </message>
    <message>
      <source>Code scanner</source>
      <translation>Code scanner</translation>
    </message>
    <message>
      <source>Could not be opened: %1</source>
      <translation>Could not be opened: %1</translation>
    </message>
    <message>
      <source>Could not look for %1: %2</source>
      <translation>Could not look for %1: %2</translation>
    </message>
    <message>
      <source>Enrolled with the service network</source>
      <translation>Enrolled with the service network</translation>
    </message>
    <message>
      <source>Error: %1</source>
      <translation>Error: %1</translation>
    </message>
    <message>
      <source>Faces seen: %1</source>
      <translation>Faces seen: %1</translation>
    </message>
    <message>
      <source>Faces seen: %1; the face model loaded in %2 s</source>
      <translation>Faces seen: %1; the face model loaded in %2 s</translation>
    </message>
    <message>
      <source>Gone: unplugged?</source>
      <translation>Gone: unplugged?</translation>
    </message>
    <message>
      <source>ID card reader</source>
      <translation>ID card reader</translation>
    </message>
    <message>
      <source>Keyboard-style scanner %1</source>
      <translation>Keyboard-style scanner %1</translation>
    </message>
    <message>
      <source>Loading the face model (the first time takes a few seconds)…</source>
      <translation>Loading the face model (the first time takes a few seconds)…</translation>
    </message>
    <message>
      <source>Looking for A4 printers (CUPS)</source>
      <translation>Looking for A4 printers (CUPS)</translation>
    </message>
    <message>
      <source>Looking for USB printers</source>
      <translation>Looking for USB printers</translation>
    </message>
    <message>
      <source>Looking for a face in the picture…</source>
      <translation>Looking for a face in the picture…</translation>
    </message>
    <message>
      <source>Looking for cameras</source>
      <translation>Looking for cameras</translation>
    </message>
    <message>
      <source>Looking for card readers (PC/SC)</source>
      <translation>Looking for card readers (PC/SC)</translation>
    </message>
    <message>
      <source>Looking for scanners among the input devices</source>
      <translation>Looking for scanners among the input devices</translation>
    </message>
    <message>
      <source>Network printer at %1</source>
      <translation>Network printer at %1</translation>
    </message>
    <message>
      <source>No camera is chosen. Pick one under "Change devices" (only needed where a service asks for the face check).</source>
      <translation>No camera is chosen. Pick one under "Change devices" (only needed where a service asks for the face check).</translation>
    </message>
    <message>
      <source>No permission to open it: the kiosk's user must be in group %1</source>
      <translation>No permission to open it: the kiosk's user must be in group %1</translation>
    </message>
    <message>
      <source>Not a camera: it does not answer the video API</source>
      <translation>Not a camera: it does not answer the video API</translation>
    </message>
    <message>
      <source>Not a camera: it takes no pictures (%1)</source>
      <translation>Not a camera: it takes no pictures (%1)</translation>
    </message>
    <message>
      <source>Not a camera: the camera's metadata, not its picture (%1)</source>
      <translation>Not a camera: the camera's metadata, not its picture (%1)</translation>
    </message>
    <message>
      <source>Not a device for this: %1</source>
      <translation>Not a device for this: %1</translation>
    </message>
    <message>
      <source>Not asked: no known USB serial cable. If a printer or card reader is on it, enter it by hand, then look again</source>
      <translation>Not asked: no known USB serial cable. If a printer or card reader is on it, enter it by hand, then look again</translation>
    </message>
    <message>
      <source>Not configured</source>
      <translation>Not configured</translation>
    </message>
    <message>
      <source>PC/SC reader named like "%1"</source>
      <translation>PC/SC reader named like "%1"</translation>
    </message>
    <message>
      <source>Part of the reader's name, or * for any</source>
      <translation>Part of the reader's name, or * for any</translation>
    </message>
    <message>
      <source>Printer prints a test page with a QR code</source>
      <translation>Printer prints a test page with a QR code</translation>
    </message>
    <message>
      <source>Receipt printer</source>
      <translation>Receipt printer</translation>
    </message>
    <message>
      <source>Scanner reads a code (optional)</source>
      <translation>Scanner reads a code (optional)</translation>
    </message>
    <message>
      <source>Serial port %1</source>
      <translation>Serial port %1</translation>
    </message>
    <message>
      <source>Serial port %1 at %2 baud</source>
      <translation>Serial port %1 at %2 baud</translation>
    </message>
    <message>
      <source>Settings saved</source>
      <translation>Settings saved</translation>
    </message>
    <message>
      <source>Simulated camera showing %1</source>
      <translation>Simulated camera showing %1</translation>
    </message>
    <message>
      <source>Social security card reader</source>
      <translation>Social security card reader</translation>
    </message>
    <message>
      <source>Taking a picture…</source>
      <translation>Taking a picture…</translation>
    </message>
    <message>
      <source>Technical detail: %1</source>
      <translation>Technical detail: %1</translation>
    </message>
    <message>
      <source>That did not work: %1</source>
      <translation>That did not work: %1</translation>
    </message>
    <message>
      <source>The CUPS queue's name</source>
      <translation>The CUPS queue's name</translation>
    </message>
    <message>
      <source>The camera did not give a picture: %1 Check its cable, or pick another camera, then test again.</source>
      <translation>The camera did not give a picture: %1 Check its cable, or pick another camera, then test again.</translation>
    </message>
    <message>
      <source>The camera works and sees %1 face(s). The picture was not kept.</source>
      <translation>The camera works and sees %1 face(s). The picture was not kept.</translation>
    </message>
    <message>
      <source>The camera works, but no face was seen. Stand in front of it in good light, then test again.</source>
      <translation>The camera works, but no face was seen. Stand in front of it in good light, then test again.</translation>
    </message>
    <message>
      <source>The face model could not be loaded. Reinstall the kiosk software, then test again.</source>
      <translation>The face model could not be loaded. Reinstall the kiosk software, then test again.</translation>
    </message>
    <message>
      <source>The network address starts with http:// or https://</source>
      <translation>The network address starts with http:// or https://</translation>
    </message>
    <message>
      <source>The service network did not answer: %1</source>
      <translation>The service network did not answer: %1</translation>
    </message>
    <message>
      <source>The service network refused: %1</source>
      <translation>The service network refused: %1</translation>
    </message>
    <message>
      <source>There is no settings file to write: start the kiosk with --config</source>
      <translation>There is no settings file to write: start the kiosk with --config</translation>
    </message>
    <message>
      <source>This one cannot be used: %1</source>
      <translation>This one cannot be used: %1</translation>
    </message>
    <message>
      <source>USB %1, serial number %2</source>
      <translation>USB %1, serial number %2</translation>
    </message>
    <message>
      <source>USB bus %1, device %2</source>
      <translation>USB bus %1, device %2</translation>
    </message>
    <message>
      <source>USB bus %1, device %2, serial number %3</source>
      <translation>USB bus %1, device %2, serial number %3</translation>
    </message>
    <message>
      <source>USB printers</source>
      <translation>USB printers</translation>
    </message>
    <message>
      <source>cameras</source>
      <translation>cameras</translation>
    </message>
    <message>
      <source>card readers (PC/SC)</source>
      <translation>card readers (PC/SC)</translation>
    </message>
    <message>
      <source>not used</source>
      <translation>not used</translation>
    </message>
    <message>
      <source>scanners among the input devices</source>
      <translation>scanners among the input devices</translation>
    </message>
    <message>
      <source>serial ports</source>
      <translation>serial ports</translation>
    </message>
  </context>
  <context>
    <name>queue</name>
    <message>
      <source>%1 people before you</source>
      <translation>%1 people before you</translation>
    </message>
    <message>
      <source>%1 waiting</source>
      <translation>%1 waiting</translation>
    </message>
    <message>
      <source>About %1 minutes</source>
      <translation>About %1 minutes</translation>
    </message>
    <message>
      <source>Business services</source>
      <translation>Business services</translation>
    </message>
    <message>
      <source>General counter</source>
      <translation>General counter</translation>
    </message>
    <message>
      <source>No numbers are given here at the moment. Please ask at the service desk.</source>
      <translation>No numbers are given here at the moment. Please ask at the service desk.</translation>
    </message>
    <message>
      <source>Numbers cannot be taken here right now. Please ask at the service desk.</source>
      <translation>Numbers cannot be taken here right now. Please ask at the service desk.</translation>
    </message>
    <message>
      <source>Personal services</source>
      <translation>Personal services</translation>
    </message>
    <message>
      <source>Please take your ticket below.</source>
      <translation>Please take your ticket below.</translation>
    </message>
    <message>
      <source>Priority: aged 70 or over</source>
      <translation>Priority: aged 70 or over</translation>
    </message>
    <message>
      <source>Priority: appointment</source>
      <translation>Priority: appointment</translation>
    </message>
    <message>
      <source>The ticket could not be printed. Please remember your number.</source>
      <translation>The ticket could not be printed. Please remember your number.</translation>
    </message>
    <message>
      <source>This kiosk cannot give numbers. Please ask at the service desk.</source>
      <translation>This kiosk cannot give numbers. Please ask at the service desk.</translation>
    </message>
    <message>
      <source>This number cannot be given now. Please ask at the service desk.</source>
      <translation>This number cannot be given now. Please ask at the service desk.</translation>
    </message>
    <message>
      <source>You will be called soon</source>
      <translation>You will be called soon</translation>
    </message>
  </context>
  <context>
    <name>rate</name>
    <message>
      <source>Dissatisfied</source>
      <translation>Dissatisfied</translation>
    </message>
    <message>
      <source>Fairly satisfied</source>
      <translation>Fairly satisfied</translation>
    </message>
    <message>
      <source>I had to come back more than once</source>
      <translation>I had to come back more than once</translation>
    </message>
    <message>
      <source>It took too long</source>
      <translation>It took too long</translation>
    </message>
    <message>
      <source>Satisfied</source>
      <translation>Satisfied</translation>
    </message>
    <message>
      <source>The guide was hard to understand</source>
      <translation>The guide was hard to understand</translation>
    </message>
    <message>
      <source>The machine was hard to use</source>
      <translation>The machine was hard to use</translation>
    </message>
    <message>
      <source>The staff were unhelpful</source>
      <translation>The staff were unhelpful</translation>
    </message>
    <message>
      <source>This application has been rated already: each is rated once. Thank you for your rating.</source>
      <translation>This application has been rated already: each is rated once. Thank you for your rating.</translation>
    </message>
    <message>
      <source>Too many materials were asked for</source>
      <translation>Too many materials were asked for</translation>
    </message>
    <message>
      <source>Very dissatisfied</source>
      <translation>Very dissatisfied</translation>
    </message>
    <message>
      <source>Very satisfied</source>
      <translation>Very satisfied</translation>
    </message>
    <message>
      <source>Your rating could not be saved. Please try again or tell the staff.</source>
      <translation>Your rating could not be saved. Please try again or tell the staff.</translation>
    </message>
  </context>
  <context>
    <name>receipt</name>
    <message>
      <source>Printing your receipt…</source>
      <translation>Printing your receipt…</translation>
    </message>
    <message>
      <source>Receipt not printed — please ask the staff, or tap Reprint.</source>
      <translation>Receipt not printed — please ask the staff, or tap Reprint.</translation>
    </message>
    <message>
      <source>Your receipt is printed. Please take it.</source>
      <translation>Your receipt is printed. Please take it.</translation>
    </message>
  </context>
  <context>
    <name>results</name>
    <message>
      <source>%1 of %2 prints left</source>
      <translation>%1 of %2 prints left</translation>
    </message>
    <message>
      <source>Approval</source>
      <translation>Approval</translation>
    </message>
    <message>
      <source>Certificate</source>
      <translation>Certificate</translation>
    </message>
    <message>
      <source>Licence</source>
      <translation>Licence</translation>
    </message>
    <message>
      <source>The network cannot be reached. Please try again later.</source>
      <translation>The network cannot be reached. Please try again later.</translation>
    </message>
    <message>
      <source>There are no results to print yet. You will get an SMS when a result is ready.</source>
      <translation>There are no results to print yet. You will get an SMS when a result is ready.</translation>
    </message>
    <message>
      <source>This is not the QR code of a receipt. Please scan the QR code printed on your receipt.</source>
      <translation>This is not the QR code of a receipt. Please scan the QR code printed on your receipt.</translation>
    </message>
    <message>
      <source>“%1” is printing. Please take it from the A4 printer.</source>
      <translation>“%1” is printing. Please take it from the A4 printer.</translation>
    </message>
    <message>
      <source>“%1” is waiting for the A4 printer and comes out when the printer is ready. Please ask the staff.</source>
      <translation>“%1” is waiting for the A4 printer and comes out when the printer is ready. Please ask the staff.</translation>
    </message>
  </context>
  <context>
    <name>selftest</name>
    <message>
      <source>%1 (built on this machine)</source>
      <translation>%1 (built on this machine)</translation>
    </message>
    <message>
      <source>%1 (the source texts)</source>
      <translation>%1 (the source texts)</translation>
    </message>
    <message>
      <source>%1 answers</source>
      <translation>%1 answers</translation>
    </message>
    <message>
      <source>%1 answers, but is not healthy (cases wait in the queue until it is)</source>
      <translation>%1 answers, but is not healthy (cases wait in the queue until it is)</translation>
    </message>
    <message>
      <source>%1 cannot be reached: %2 (cases wait in the queue until it is back)</source>
      <translation>%1 cannot be reached: %2 (cases wait in the queue until it is back)</translation>
    </message>
    <message>
      <source>%1 is missing: install fonts-noto-cjk</source>
      <translation>%1 is missing: install fonts-noto-cjk</translation>
    </message>
    <message>
      <source>%1, %2 colours sampled</source>
      <translation>%1, %2 colours sampled</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1: %2</translation>
    </message>
    <message>
      <source>%1: cannot be used: %2</source>
      <translation>%1: cannot be used: %2</translation>
    </message>
    <message>
      <source>%1: cases waiting by state: %2</source>
      <translation>%1: cases waiting by state: %2</translation>
    </message>
    <message>
      <source>%1: could not be asked: %2</source>
      <translation>%1: could not be asked: %2</translation>
    </message>
    <message>
      <source>%1: in the settings, but this build does not use it</source>
      <translation>%1: in the settings, but this build does not use it</translation>
    </message>
    <message>
      <source>%1: no case waiting</source>
      <translation>%1: no case waiting</translation>
    </message>
    <message>
      <source>%1: not ready: %2</source>
      <translation>%1: not ready: %2</translation>
    </message>
    <message>
      <source>%1: ready</source>
      <translation>%1: ready</translation>
    </message>
    <message>
      <source>%1: ready, with a warning: %2</source>
      <translation>%1: ready, with a warning: %2</translation>
    </message>
    <message>
      <source>, </source>
      <translation>, </translation>
    </message>
    <message>
      <source>Back to the home screen</source>
      <translation>Back to the home screen</translation>
    </message>
    <message>
      <source>Chinese font</source>
      <translation>Chinese font</translation>
    </message>
    <message>
      <source>Could not go to this screen: %1</source>
      <translation>Could not go to this screen: %1</translation>
    </message>
    <message>
      <source>Device %1</source>
      <translation>Device %1</translation>
    </message>
    <message>
      <source>Every required check passed.</source>
      <translation>Every required check passed.</translation>
    </message>
    <message>
      <source>Face check (model and camera)</source>
      <translation>Face check (model and camera)</translation>
    </message>
    <message>
      <source>Failed: %1</source>
      <translation>Failed: %1</translation>
    </message>
    <message>
      <source>Hall kiosk %1 self-test</source>
      <translation>Hall kiosk %1 self-test</translation>
    </message>
    <message>
      <source>Keyboard layout in use: %1</source>
      <translation>Keyboard layout in use: %1</translation>
    </message>
    <message>
      <source>Loaded</source>
      <translation>Loaded</translation>
    </message>
    <message>
      <source>Local store</source>
      <translation>Local store</translation>
    </message>
    <message>
      <source>No compiled translation (.qm), and no lrelease to build one</source>
      <translation>No compiled translation (.qm), and no lrelease to build one</translation>
    </message>
    <message>
      <source>No libusb: USB printers will not be found</source>
      <translation>No libusb: USB printers will not be found</translation>
    </message>
    <message>
      <source>Not loaded (the kiosk is on %1)</source>
      <translation>Not loaded (the kiosk is on %1)</translation>
    </message>
    <message>
      <source>On %1</source>
      <translation>On %1</translation>
    </message>
    <message>
      <source>On-screen keyboard</source>
      <translation>On-screen keyboard</translation>
    </message>
    <message>
      <source>Pinyin input</source>
      <translation>Pinyin input</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>Platform</translation>
    </message>
    <message>
      <source>Screen %1</source>
      <translation>Screen %1</translation>
    </message>
    <message>
      <source>Screens</source>
      <translation>Screens</translation>
    </message>
    <message>
      <source>Service network</source>
      <translation>Service network</translation>
    </message>
    <message>
      <source>The face model loaded in %1 s; faces in the camera's picture: %2</source>
      <translation>The face model loaded in %1 s; faces in the camera's picture: %2</translation>
    </message>
    <message>
      <source>The window has no on-screen keyboard</source>
      <translation>The window has no on-screen keyboard</translation>
    </message>
    <message>
      <source>The window has no screen loader</source>
      <translation>The window has no screen loader</translation>
    </message>
    <message>
      <source>The window paints</source>
      <translation>The window paints</translation>
    </message>
    <message>
      <source>Translation %1</source>
      <translation>Translation %1</translation>
    </message>
    <message>
      <source>Translation in use</source>
      <translation>Translation in use</translation>
    </message>
    <message>
      <source>USB printers can be found</source>
      <translation>USB printers can be found</translation>
    </message>
    <message>
      <source>Window</source>
      <translation>Window</translation>
    </message>
  </context>
  <context>
    <name>slip</name>
    <message>
      <source>It could not be printed. Please ask the staff.</source>
      <translation>It could not be printed. Please ask the staff.</translation>
    </message>
    <message>
      <source>Printed. Please take the paper.</source>
      <translation>Printed. Please take the paper.</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>Printing…</translation>
    </message>
    <message>
      <source>This kiosk cannot print this page yet. You may take a photo of the screen or ask the staff for a paper copy.</source>
      <translation>This kiosk cannot print this page yet. You may take a photo of the screen or ask the staff for a paper copy.</translation>
    </message>
  </context>
  <context>
    <name>staff</name>
    <message>
      <source>%1 (%2)</source>
      <translation>%1 (%2)</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1: %2</translation>
    </message>
    <message>
      <source>; </source>
      <translation>; </translation>
    </message>
    <message>
      <source>No payments for this case.</source>
      <translation>No payments for this case.</translation>
    </message>
    <message>
      <source>Receipt reprinted.</source>
      <translation>Receipt reprinted.</translation>
    </message>
    <message>
      <source>Saved to %1</source>
      <translation>Saved to %1</translation>
    </message>
    <message>
      <source>Say why in at most %1 characters.</source>
      <translation>Say why in at most %1 characters.</translation>
    </message>
    <message>
      <source>Sending now.</source>
      <translation>Sending now.</translation>
    </message>
    <message>
      <source>Sent back to the queue.</source>
      <translation>Sent back to the queue.</translation>
    </message>
    <message>
      <source>Staff mode is not set up on this kiosk.</source>
      <translation>Staff mode is not set up on this kiosk.</translation>
    </message>
    <message>
      <source>Step 1 of 2: making the diagnostics bundle…</source>
      <translation>Step 1 of 2: making the diagnostics bundle…</translation>
    </message>
    <message>
      <source>Step 2 of 2: sending %1 to the network…</source>
      <translation>Step 2 of 2: sending %1 to the network…</translation>
    </message>
    <message>
      <source>That is not a registration code.</source>
      <translation>That is not a registration code.</translation>
    </message>
    <message>
      <source>The bundle is larger than the network takes. Save it to a USB stick instead.</source>
      <translation>The bundle is larger than the network takes. Save it to a USB stick instead.</translation>
    </message>
    <message>
      <source>The diagnostics bundle could not be made: %1</source>
      <translation>The diagnostics bundle could not be made: %1</translation>
    </message>
    <message>
      <source>The network cannot be reached, so the bundle was not sent. Save it to a USB stick instead.</source>
      <translation>The network cannot be reached, so the bundle was not sent. Save it to a USB stick instead.</translation>
    </message>
    <message>
      <source>The network cannot be reached: cases stay on this kiosk and are sent when it is back.</source>
      <translation>The network cannot be reached: cases stay on this kiosk and are sent when it is back.</translation>
    </message>
    <message>
      <source>The network holds another case under this code</source>
      <translation>The network holds another case under this code</translation>
    </message>
    <message>
      <source>The network received the diagnostics bundle (No. %1, %2).</source>
      <translation>The network received the diagnostics bundle (No. %1, %2).</translation>
    </message>
    <message>
      <source>The network refused the bundle: %1</source>
      <translation>The network refused the bundle: %1</translation>
    </message>
    <message>
      <source>The network refused this case</source>
      <translation>The network refused this case</translation>
    </message>
    <message>
      <source>The network refuses this kiosk (not enrolled, stopped, or a wrong network address): please call the technician.</source>
      <translation>The network refuses this kiosk (not enrolled, stopped, or a wrong network address): please call the technician.</translation>
    </message>
    <message>
      <source>The note about the damaged database was acknowledged.</source>
      <translation>The note about the damaged database was acknowledged.</translation>
    </message>
    <message>
      <source>The payment service cannot be reached now. Try again later.</source>
      <translation>The payment service cannot be reached now. Try again later.</translation>
    </message>
    <message>
      <source>Too many wrong attempts. Try again in %1 seconds.</source>
      <translation>Too many wrong attempts. Try again in %1 seconds.</translation>
    </message>
    <message>
      <source>Write down why the money goes back.</source>
      <translation>Write down why the money goes back.</translation>
    </message>
    <message>
      <source>Wrong PIN.</source>
      <translation>Wrong PIN.</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>cancelled</translation>
    </message>
    <message>
      <source>closed unpaid</source>
      <translation>closed unpaid</translation>
    </message>
    <message>
      <source>declined</source>
      <translation>declined</translation>
    </message>
    <message>
      <source>never</source>
      <translation>never</translation>
    </message>
    <message>
      <source>not paid</source>
      <translation>not paid</translation>
    </message>
    <message>
      <source>paid</source>
      <translation>paid</translation>
    </message>
    <message>
      <source>refunded</source>
      <translation>refunded</translation>
    </message>
    <message>
      <source>starting</source>
      <translation>starting</translation>
    </message>
    <message>
      <source>waiting for the payer</source>
      <translation>waiting for the payer</translation>
    </message>
  </context>
  <context>
    <name>status</name>
    <message>
      <source>Accepted</source>
      <translation>Accepted</translation>
    </message>
    <message>
      <source>Completed</source>
      <translation>Completed</translation>
    </message>
    <message>
      <source>Held on this kiosk; the staff will check it</source>
      <translation>Held on this kiosk; the staff will check it</translation>
    </message>
    <message>
      <source>In progress</source>
      <translation>In progress</translation>
    </message>
    <message>
      <source>Not accepted</source>
      <translation>Not accepted</translation>
    </message>
    <message>
      <source>Saved on this kiosk, being sent now</source>
      <translation>Saved on this kiosk, being sent now</translation>
    </message>
    <message>
      <source>Saved on this kiosk, waiting to be sent</source>
      <translation>Saved on this kiosk, waiting to be sent</translation>
    </message>
    <message>
      <source>Sent to the service network</source>
      <translation>Sent to the service network</translation>
    </message>
    <message>
      <source>Submitted</source>
      <translation>Submitted</translation>
    </message>
  </context>
  <context>
    <name>track</name>
    <message>
      <source>A registration code has 20 digits. You entered %1.</source>
      <translation>A registration code has 20 digits. You entered %1.</translation>
    </message>
    <message>
      <source>A registration code has only the digits 0-9.</source>
      <translation>A registration code has only the digits 0-9.</translation>
    </message>
    <message>
      <source>Checking the latest status…</source>
      <translation>Checking the latest status…</translation>
    </message>
    <message>
      <source>No application was found with this code. Please check the code.</source>
      <translation>No application was found with this code. Please check the code.</translation>
    </message>
    <message>
      <source>No applications were found for this ID card.</source>
      <translation>No applications were found for this ID card.</translation>
    </message>
    <message>
      <source>Online</source>
      <translation>Online</translation>
    </message>
    <message>
      <source>Self-service kiosk</source>
      <translation>Self-service kiosk</translation>
    </message>
    <message>
      <source>The network cannot be reached and this kiosk has no record of this code. Please try again later or ask the staff.</source>
      <translation>The network cannot be reached and this kiosk has no record of this code. Please try again later or ask the staff.</translation>
    </message>
    <message>
      <source>The network cannot be reached: showing the status saved on this kiosk.</source>
      <translation>The network cannot be reached: showing the status saved on this kiosk.</translation>
    </message>
    <message>
      <source>This code is not right: one digit may be mistyped. Please check it against your receipt.</source>
      <translation>This code is not right: one digit may be mistyped. Please check it against your receipt.</translation>
    </message>
    <message>
      <source>This is not the QR code of a receipt. Please scan the QR code printed on your receipt.</source>
      <translation>This is not the QR code of a receipt. Please scan the QR code printed on your receipt.</translation>
    </message>
  </context>
  <context>
    <name>voice</name>
    <message>
      <source>A member of staff will confirm who you are. Please wait for the staff.</source>
      <translation>A member of staff will confirm who you are. Please wait for the staff.</translation>
    </message>
    <message>
      <source>Are you still there? Touch “Continue” to keep going.</source>
      <translation>Are you still there? Touch “Continue” to keep going.</translation>
    </message>
    <message>
      <source>Choose the service you need, or type its name to search.</source>
      <translation>Choose the service you need, or type its name to search.</translation>
    </message>
    <message>
      <source>Enter your organisation's unified social credit code and name, as on the business licence, and say whether you are its legal representative or its authorised agent.</source>
      <translation>Enter your organisation's unified social credit code and name, as on the business licence, and say whether you are its legal representative or its authorised agent.</translation>
    </message>
    <message>
      <source>First put your own ID card on the reader: you are applying for someone else.</source>
      <translation>First put your own ID card on the reader: you are applying for someone else.</translation>
    </message>
    <message>
      <source>How satisfied are you with this service? Touch one answer.</source>
      <translation>How satisfied are you with this service? Touch one answer.</translation>
    </message>
    <message>
      <source>Now put the ID card of the person you are applying for on the reader.</source>
      <translation>Now put the ID card of the person you are applying for on the reader.</translation>
    </message>
    <message>
      <source>Please check your application, then touch “Submit”.</source>
      <translation>Please check your application, then touch “Submit”.</translation>
    </message>
    <message>
      <source>Please fill in the form. Every item with a star must be filled in.</source>
      <translation>Please fill in the form. Every item with a star must be filled in.</translation>
    </message>
    <message>
      <source>Please look straight at the camera above the screen, then touch the button.</source>
      <translation>Please look straight at the camera above the screen, then touch the button.</translation>
    </message>
    <message>
      <source>Please put your ID card on the reader, or insert your social security card, then touch the big button.</source>
      <translation>Please put your ID card on the reader, or insert your social security card, then touch the big button.</translation>
    </message>
    <message>
      <source>Please read the commitment letter, then sign with your finger in the box.</source>
      <translation>Please read the commitment letter, then sign with your finger in the box.</translation>
    </message>
    <message>
      <source>Put each material under the document camera and touch “Take a photo”. If you do not have one, go on.</source>
      <translation>Put each material under the document camera and touch “Take a photo”. If you do not have one, go on.</translation>
    </message>
    <message>
      <source>Put your ID card on the reader, or scan the QR code on your receipt.</source>
      <translation>Put your ID card on the reader, or scan the QR code on your receipt.</translation>
    </message>
    <message>
      <source>Question %1 of %2: %3.</source>
      <translation>Question %1 of %2: %3.</translation>
    </message>
    <message>
      <source>Some materials are still missing. They are all listed on the screen. You may promise to hand them in later, or print the list.</source>
      <translation>Some materials are still missing. They are all listed on the screen. You may promise to hand them in later, or print the list.</translation>
    </message>
    <message>
      <source>Thank you for your rating.</source>
      <translation>Thank you for your rating.</translation>
    </message>
    <message>
      <source>The staff will type in the name and ID number from the household register.</source>
      <translation>The staff will type in the name and ID number from the household register.</translation>
    </message>
    <message>
      <source>This is the service guide: who can apply, what to bring, the fee and the time it takes. Touch “Start my application” when you are ready.</source>
      <translation>This is the service guide: who can apply, what to bring, the fee and the time it takes. Touch “Start my application” when you are ready.</translation>
    </message>
    <message>
      <source>Touch Print beside the document you want. Take it from the A4 printer.</source>
      <translation>Touch Print beside the document you want. Take it from the A4 printer.</translation>
    </message>
    <message>
      <source>Touch the business you came for. With an appointment, or if you are 70 or older, put your ID card on the reader first.</source>
      <translation>Touch the business you came for. With an appointment, or if you are 70 or older, put your ID card on the reader first.</translation>
    </message>
    <message>
      <source>Type the code on your receipt, scan its QR code, or put your ID card on the reader.</source>
      <translation>Type the code on your receipt, scan its QR code, or put your ID card on the reader.</translation>
    </message>
    <message>
      <source>We are sorry. What went wrong? Touch all that apply, then “Send”.</source>
      <translation>We are sorry. What went wrong? Touch all that apply, then “Send”.</translation>
    </message>
    <message>
      <source>Welcome. Touch what you want to do: personal services, business services, or check an application.</source>
      <translation>Welcome. Touch what you want to do: personal services, business services, or check an application.</translation>
    </message>
    <message>
      <source>Who is this application for? Touch “For myself” or “For someone else”.</source>
      <translation>Who is this application for? Touch “For myself” or “For someone else”.</translation>
    </message>
    <message>
      <source>Your application is registered. Please take your receipt and keep the code on it.</source>
      <translation>Your application is registered. Please take your receipt and keep the code on it.</translation>
    </message>
    <message>
      <source>Your number is %1. Please take your ticket and wait to be called.</source>
      <translation>Your number is %1. Please take your ticket and wait to be called.</translation>
    </message>
  </context>
</TS>
