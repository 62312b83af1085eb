<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
  <context>
    <name>CatalogueScreen</name>
    <message>
      <source>Business services</source>
      <translation>Business services</translation>
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
    <name>ConfirmScreen</name>
    <message>
      <source>Applicant</source>
      <translation>Applicant</translation>
    </message>
    <message>
      <source>Change answers</source>
      <translation>Change answers</translation>
    </message>
    <message>
      <source>Please check</source>
      <translation>Please check</translation>
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
      <source>Submit</source>
      <translation>Submit</translation>
    </message>
    <message>
      <source>Your answers</source>
      <translation>Your answers</translation>
    </message>
  </context>
  <context>
    <name>FormScreen</name>
    <message>
      <source>Fill in every field marked * to go on.</source>
      <translation>Fill in every field marked * to go on.</translation>
    </message>
    <message>
      <source>From your ID card</source>
      <translation>From your ID card</translation>
    </message>
    <message>
      <source>Next: check my answers</source>
      <translation>Next: check my answers</translation>
    </message>
  </context>
  <context>
    <name>GuideScreen</name>
    <message>
      <source>Complaints and advice</source>
      <translation>Complaints and advice</translation>
    </message>
    <message>
      <source>Fee</source>
      <translation>Fee</translation>
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
      <source>Enter the code on your receipt</source>
      <translation>Enter the code on your receipt</translation>
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
      <source>Personal services</source>
      <translation>Personal services</translation>
    </message>
    <message>
      <source>Shops, companies, licences</source>
      <translation>Shops, companies, licences</translation>
    </message>
    <message>
      <source>Touch what you want to do.</source>
      <translation>Touch what you want to do.</translation>
    </message>
  </context>
  <context>
    <name>IdentifyScreen</name>
    <message>
      <source>Identify yourself</source>
      <translation>Identify yourself</translation>
    </message>
    <message>
      <source>Please put your ID card on the reading area</source>
      <translation>Please put your ID card on the reading area</translation>
    </message>
    <message>
      <source>Read my ID card</source>
      <translation>Read my ID card</translation>
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
      <source>Then touch the button below.</source>
      <translation>Then touch the button below.</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <source>Are you still there?</source>
      <translation>Are you still there?</translation>
    </message>
    <message>
      <source>Government service kiosk</source>
      <translation>Government service kiosk</translation>
    </message>
    <message>
      <source>I am still here</source>
      <translation>I am still here</translation>
    </message>
    <message>
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>To keep your details safe, this screen goes back to the start in %1 seconds.</source>
      <translation>To keep your details safe, this screen goes back to the start in %1 seconds.</translation>
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
      <source>Your registration code — keep it to check your application:</source>
      <translation>Your registration code — keep it to check your application:</translation>
    </message>
  </context>
  <context>
    <name>TrackScreen</name>
    <message>
      <source>(no digits yet)</source>
      <translation>(no digits yet)</translation>
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
      <source>Enter the 20-digit code on your receipt</source>
      <translation>Enter the 20-digit code on your receipt</translation>
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
      <source>Status: %1</source>
      <translation>Status: %1</translation>
    </message>
    <message>
      <source>To be finished by: %1</source>
      <translation>To be finished by: %1</translation>
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
    <name>confirm</name>
    <message>
      <source>Your application could not be saved. Nothing was sent. Please try again or ask the staff.</source>
      <translation>Your application could not be saved. Nothing was sent. Please try again or ask the staff.</translation>
    </message>
  </context>
  <context>
    <name>drivers</name>
    <message>
      <source>Please put your ID card on the reader.</source>
      <translation>Please put your ID card on the reader.</translation>
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
      <source>The card could not be read. Please take the card out and put it in again.</source>
      <translation>The card could not be read. Please take the card out and put it in again.</translation>
    </message>
    <message>
      <source>The card reader sent a damaged answer. Please take the card out and put it in again.</source>
      <translation>The card reader sent a damaged answer. Please take the card out and put it in again.</translation>
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
      <source>The receipt could not be printed. Your application is saved; a staff member can reprint it.</source>
      <translation>The receipt could not be printed. Your application is saved; a staff member can reprint it.</translation>
    </message>
    <message>
      <source>The receipt printer is not responding.</source>
      <translation>The receipt printer is not responding.</translation>
    </message>
    <message>
      <source>This ID card has expired. Please use a valid card.</source>
      <translation>This ID card has expired. Please use a valid card.</translation>
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
      <source>A number from %1 to %2</source>
      <translation>A number from %1 to %2</translation>
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
      <source>The birth date inside this ID number is not a real date.</source>
      <translation>The birth date inside this ID number is not a real date.</translation>
    </message>
    <message>
      <source>This ID number is not right: please check each digit again.</source>
      <translation>This ID number is not right: please check each digit again.</translation>
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
      <source>Copies: %1</source>
      <translation>Copies: %1</translation>
    </message>
    <message>
      <source>Done on the spot</source>
      <translation>Done on the spot</translation>
    </message>
    <message>
      <source>Free</source>
      <translation>Free</translation>
    </message>
  </context>
  <context>
    <name>identify</name>
    <message>
      <source>The card could not be read. Please take it off and try again.</source>
      <translation>The card could not be read. Please take it off and try again.</translation>
    </message>
    <message>
      <source>This ID card has expired. Please use a valid ID card.</source>
      <translation>This ID card has expired. Please use a valid ID card.</translation>
    </message>
  </context>
  <context>
    <name>kiosk</name>
    <message>
      <source>Something went wrong with the machine. Please ask the staff for help.</source>
      <translation>Something went wrong with the machine. Please ask the staff for help.</translation>
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
      <source>Sent to the service centre</source>
      <translation>Sent to the service centre</translation>
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
      <source>Checking the latest status…</source>
      <translation>Checking the latest status…</translation>
    </message>
    <message>
      <source>No application was found with this code. Please check the code.</source>
      <translation>No application was found with this code. Please check the code.</translation>
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
  </context>
</TS>
