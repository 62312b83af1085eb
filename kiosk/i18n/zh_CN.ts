<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>CatalogueScreen</name>
    <message>
      <source>Business services</source>
      <translation>法人办事</translation>
    </message>
    <message>
      <source>Fee: %1</source>
      <translation>收费：%1</translation>
    </message>
    <message>
      <source>Personal services</source>
      <translation>个人办事</translation>
    </message>
    <message>
      <source>Search, e.g. 身份证 or sfz</source>
      <translation>输入要办的事，如“身份证”或“sfz”</translation>
    </message>
  </context>
  <context>
    <name>ConfirmScreen</name>
    <message>
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>Change answers</source>
      <translation>返回修改</translation>
    </message>
    <message>
      <source>Please check</source>
      <translation>请核对信息</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>正在保存……</translation>
    </message>
    <message>
      <source>Service</source>
      <translation>办理事项</translation>
    </message>
    <message>
      <source>Submit</source>
      <translation>确认提交</translation>
    </message>
    <message>
      <source>Your answers</source>
      <translation>填写内容</translation>
    </message>
  </context>
  <context>
    <name>FormScreen</name>
    <message>
      <source>Fill in every field marked * to go on.</source>
      <translation>请填写所有带 * 号的项目，才能继续。</translation>
    </message>
    <message>
      <source>From your ID card</source>
      <translation>已从身份证读取</translation>
    </message>
    <message>
      <source>Next: check my answers</source>
      <translation>下一步：核对信息</translation>
    </message>
  </context>
  <context>
    <name>GuideScreen</name>
    <message>
      <source>Complaints and advice</source>
      <translation>投诉与咨询</translation>
    </message>
    <message>
      <source>Fee</source>
      <translation>收费标准</translation>
    </message>
    <message>
      <source>Start my application</source>
      <translation>开始办理</translation>
    </message>
    <message>
      <source>Time to finish</source>
      <translation>办理时限</translation>
    </message>
    <message>
      <source>What to bring</source>
      <translation>需要带的材料</translation>
    </message>
    <message>
      <source>Where</source>
      <translation>办理地点</translation>
    </message>
    <message>
      <source>Who can apply</source>
      <translation>办理条件</translation>
    </message>
  </context>
  <context>
    <name>Header</name>
    <message>
      <source>Home</source>
      <translation>首页</translation>
    </message>
    <message>
      <source>‹ Back</source>
      <translation>‹ 返回</translation>
    </message>
  </context>
  <context>
    <name>HomeScreen</name>
    <message>
      <source>Business services</source>
      <translation>法人办事</translation>
    </message>
    <message>
      <source>Check my application</source>
      <translation>查询办件进度</translation>
    </message>
    <message>
      <source>Enter the code on your receipt</source>
      <translation>输入回执上的办件编号</translation>
    </message>
    <message>
      <source>Government Services Self-Service</source>
      <translation>政务服务自助终端</translation>
    </message>
    <message>
      <source>ID cards, pensions, social security, certificates</source>
      <translation>身份证、养老、社保、证明</translation>
    </message>
    <message>
      <source>Personal services</source>
      <translation>个人办事</translation>
    </message>
    <message>
      <source>Shops, companies, licences</source>
      <translation>开店、企业、许可证</translation>
    </message>
    <message>
      <source>Touch what you want to do.</source>
      <translation>请点击您要办理的事情。</translation>
    </message>
  </context>
  <context>
    <name>IdentifyScreen</name>
    <message>
      <source>Identify yourself</source>
      <translation>身份核验</translation>
    </message>
    <message>
      <source>Please put your ID card on the reading area</source>
      <translation>请将身份证放在读卡区</translation>
    </message>
    <message>
      <source>Read my ID card</source>
      <translation>读取身份证</translation>
    </message>
    <message>
      <source>Reading your card… please keep it still.</source>
      <translation>正在读取，请不要移动身份证……</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读取……</translation>
    </message>
    <message>
      <source>Then touch the button below.</source>
      <translation>然后点击下面的按钮。</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <source>Are you still there?</source>
      <translation>您还在吗？</translation>
    </message>
    <message>
      <source>Government service kiosk</source>
      <translation>政务服务自助终端</translation>
    </message>
    <message>
      <source>I am still here</source>
      <translation>我还在，继续办理</translation>
    </message>
    <message>
      <source>OK</source>
      <translation>知道了</translation>
    </message>
    <message>
      <source>To keep your details safe, this screen goes back to the start in %1 seconds.</source>
      <translation>为保护您的信息，%1 秒后将回到首页。</translation>
    </message>
  </context>
  <context>
    <name>ReceiptScreen</name>
    <message>
      <source>Application registered</source>
      <translation>申请已登记</translation>
    </message>
    <message>
      <source>Finish</source>
      <translation>完成，回首页</translation>
    </message>
    <message>
      <source>Handled by: %1</source>
      <translation>办理部门：%1</translation>
    </message>
    <message>
      <source>Reprint</source>
      <translation>重新打印</translation>
    </message>
    <message>
      <source>Scan with your phone to follow your application.</source>
      <translation>用手机扫一扫，随时查看办理进度。</translation>
    </message>
    <message>
      <source>Submitted: %1</source>
      <translation>提交时间：%1</translation>
    </message>
    <message>
      <source>Time to finish: %1</source>
      <translation>办理时限：%1</translation>
    </message>
    <message>
      <source>Your registration code — keep it to check your application:</source>
      <translation>您的办件编号（请保管好，用来查询进度）：</translation>
    </message>
  </context>
  <context>
    <name>TrackScreen</name>
    <message>
      <source>(no digits yet)</source>
      <translation>（还没有输入）</translation>
    </message>
    <message>
      <source>Check my application</source>
      <translation>查询办件进度</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>清空</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Enter the 20-digit code on your receipt</source>
      <translation>请输入回执上的20位办件编号</translation>
    </message>
    <message>
      <source>Look up</source>
      <translation>查询</translation>
    </message>
    <message>
      <source>Looking…</source>
      <translation>正在查询……</translation>
    </message>
    <message>
      <source>Status: %1</source>
      <translation>办理状态：%1</translation>
    </message>
    <message>
      <source>To be finished by: %1</source>
      <translation>承诺办结日期：%1</translation>
    </message>
  </context>
  <context>
    <name>catalogue</name>
    <message>
      <source>No services here yet.</source>
      <translation>这里暂时没有事项。</translation>
    </message>
    <message>
      <source>Nothing found for “%1”. Try fewer words.</source>
      <translation>没有找到“%1”，请少输几个字再试。</translation>
    </message>
    <message>
      <source>The list of services cannot be shown now. Please ask the staff.</source>
      <translation>现在无法显示事项列表，请找工作人员。</translation>
    </message>
    <message>
      <source>This service cannot be handled on this machine.</source>
      <translation>这个事项不能在本机办理。</translation>
    </message>
  </context>
  <context>
    <name>confirm</name>
    <message>
      <source>Your application could not be saved. Nothing was sent. Please try again or ask the staff.</source>
      <translation>申请没有保存成功，也没有提交。请再试一次，或找工作人员。</translation>
    </message>
  </context>
  <context>
    <name>drivers</name>
    <message>
      <source>Please put your ID card on the reader.</source>
      <translation>请把身份证放在读卡区。</translation>
    </message>
    <message>
      <source>The ID card reader is not connected.</source>
      <translation>身份证读卡器没有连接，请找工作人员。</translation>
    </message>
    <message>
      <source>The ID card reader reports a fault.</source>
      <translation>身份证读卡器出故障了，请找工作人员。</translation>
    </message>
    <message>
      <source>The ID number on this card is not valid. Please ask the staff for help.</source>
      <translation>这张卡上的身份证号码无效，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The card could not be read. Please take the card out and put it in again.</source>
      <translation>身份证没有读出来，请把身份证拿开，再重新放上去。</translation>
    </message>
    <message>
      <source>The card reader sent a damaged answer. Please take the card out and put it in again.</source>
      <translation>身份证没有读好，请把身份证拿开，再重新放上去。</translation>
    </message>
    <message>
      <source>The printer cover is open. Please ask the staff for help.</source>
      <translation>打印机盖子没关好，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The printer has a fault. Please ask the staff for help.</source>
      <translation>打印机出故障了，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The printer is offline. Please ask the staff for help.</source>
      <translation>打印机没有联机，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The printer is out of paper. Please ask the staff for help.</source>
      <translation>打印机没纸了，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The printer is running out of paper.</source>
      <translation>打印机快没纸了。</translation>
    </message>
    <message>
      <source>The receipt could not be printed. Your application is saved; a staff member can reprint it.</source>
      <translation>回执没有打印出来。您的申请已经保存，工作人员可以帮您补打。</translation>
    </message>
    <message>
      <source>The receipt printer is not responding.</source>
      <translation>回执打印机没有反应，请找工作人员。</translation>
    </message>
    <message>
      <source>This ID card has expired. Please use a valid card.</source>
      <translation>这张身份证已过期，请使用有效的身份证。</translation>
    </message>
  </context>
  <context>
    <name>form</name>
    <message>
      <source>11-digit mobile number</source>
      <translation>11位手机号码</translation>
    </message>
    <message>
      <source>18 characters: 17 digits, then a digit or X</source>
      <translation>18位：17位数字，最后一位是数字或X</translation>
    </message>
    <message>
      <source>A number from %1 to %2</source>
      <translation>填 %1 到 %2 之间的数字</translation>
    </message>
    <message>
      <source>An ID number has 18 characters: 17 digits, then a digit or X.</source>
      <translation>身份证号码是18位：17位数字，最后一位是数字或X。</translation>
    </message>
    <message>
      <source>Please choose one of the options.</source>
      <translation>请从选项中选一个。</translation>
    </message>
    <message>
      <source>Please enter a date like 1956-03-08 (year-month-day).</source>
      <translation>请按“年-月-日”填写日期，例如 1956-03-08。</translation>
    </message>
    <message>
      <source>Please enter a number from %1 to %2.</source>
      <translation>请填 %1 到 %2 之间的数字。</translation>
    </message>
    <message>
      <source>Please enter a number of at least %1.</source>
      <translation>请填不小于 %1 的数字。</translation>
    </message>
    <message>
      <source>Please enter a number of at most %1.</source>
      <translation>请填不大于 %1 的数字。</translation>
    </message>
    <message>
      <source>Please enter a whole number.</source>
      <translation>请填整数。</translation>
    </message>
    <message>
      <source>Please enter an 11-digit mobile number.</source>
      <translation>请输入11位手机号码。</translation>
    </message>
    <message>
      <source>Please fill this in.</source>
      <translation>此项必须填写。</translation>
    </message>
    <message>
      <source>Please use at least %1 characters.</source>
      <translation>至少要填 %1 个字。</translation>
    </message>
    <message>
      <source>Please use at most %1 characters.</source>
      <translation>最多只能填 %1 个字。</translation>
    </message>
    <message>
      <source>The birth date inside this ID number is not a real date.</source>
      <translation>身份证号码里的出生日期不对，请核对。</translation>
    </message>
    <message>
      <source>This ID number is not right: please check each digit again.</source>
      <translation>身份证号码不对，请逐位核对。</translation>
    </message>
    <message>
      <source>This does not look right. Please check it.</source>
      <translation>填写的格式不对，请核对。</translation>
    </message>
    <message>
      <source>Year-month-day, e.g. 1956-03-08</source>
      <translation>年-月-日，例如 1956-03-08</translation>
    </message>
  </context>
  <context>
    <name>guide</name>
    <message>
      <source>%1 working days</source>
      <translation>%1 个工作日</translation>
    </message>
    <message>
      <source>Copies: %1</source>
      <translation>%1 份</translation>
    </message>
    <message>
      <source>Done on the spot</source>
      <translation>即办（当场办结）</translation>
    </message>
    <message>
      <source>Free</source>
      <translation>免费</translation>
    </message>
  </context>
  <context>
    <name>identify</name>
    <message>
      <source>The card could not be read. Please take it off and try again.</source>
      <translation>身份证没有读出来，请拿起后重新放好再试。</translation>
    </message>
    <message>
      <source>This ID card has expired. Please use a valid ID card.</source>
      <translation>这张身份证已过期，请使用有效的身份证。</translation>
    </message>
  </context>
  <context>
    <name>kiosk</name>
    <message>
      <source>Something went wrong with the machine. Please ask the staff for help.</source>
      <translation>机器出了点问题，请找工作人员帮忙。</translation>
    </message>
  </context>
  <context>
    <name>receipt</name>
    <message>
      <source>Printing your receipt…</source>
      <translation>正在打印回执，请稍等……</translation>
    </message>
    <message>
      <source>Receipt not printed — please ask the staff, or tap Reprint.</source>
      <translation>回执没有打印出来——请找工作人员，或点“重新打印”。</translation>
    </message>
    <message>
      <source>Your receipt is printed. Please take it.</source>
      <translation>回执已打印，请取走。</translation>
    </message>
  </context>
  <context>
    <name>status</name>
    <message>
      <source>Accepted</source>
      <translation>受理</translation>
    </message>
    <message>
      <source>Completed</source>
      <translation>办结</translation>
    </message>
    <message>
      <source>Held on this kiosk; the staff will check it</source>
      <translation>暂存在本机，工作人员会核查</translation>
    </message>
    <message>
      <source>In progress</source>
      <translation>办理中</translation>
    </message>
    <message>
      <source>Not accepted</source>
      <translation>不予受理</translation>
    </message>
    <message>
      <source>Saved on this kiosk, being sent now</source>
      <translation>已保存在本机，正在发送</translation>
    </message>
    <message>
      <source>Saved on this kiosk, waiting to be sent</source>
      <translation>已保存在本机，等待发送</translation>
    </message>
    <message>
      <source>Sent to the service centre</source>
      <translation>已发送到政务服务中心</translation>
    </message>
    <message>
      <source>Submitted</source>
      <translation>已提交</translation>
    </message>
  </context>
  <context>
    <name>track</name>
    <message>
      <source>A registration code has 20 digits. You entered %1.</source>
      <translation>办件编号是20位数字，您输入了 %1 位。</translation>
    </message>
    <message>
      <source>Checking the latest status…</source>
      <translation>正在查询最新进度……</translation>
    </message>
    <message>
      <source>No application was found with this code. Please check the code.</source>
      <translation>没有查到这个编号的办件，请核对编号。</translation>
    </message>
    <message>
      <source>The network cannot be reached and this kiosk has no record of this code. Please try again later or ask the staff.</source>
      <translation>现在连不上网络，本机也没有这个编号的记录。请稍后再试，或找工作人员。</translation>
    </message>
    <message>
      <source>The network cannot be reached: showing the status saved on this kiosk.</source>
      <translation>现在连不上网络，显示的是本机保存的办理状态。</translation>
    </message>
    <message>
      <source>This code is not right: one digit may be mistyped. Please check it against your receipt.</source>
      <translation>编号不对，可能有一位输错了。请对照回执再核对一遍。</translation>
    </message>
  </context>
</TS>
