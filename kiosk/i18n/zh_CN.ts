<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AssistBar</name>
    <message>
      <source>Listen again</source>
      <translation>再听一遍</translation>
    </message>
  </context>
  <context>
    <name>BusinessScreen</name>
    <message>
      <source>As on the business licence (营业执照)</source>
      <translation>请按营业执照填写</translation>
    </message>
    <message>
      <source>Authorised agent (授权代理人)</source>
      <translation>授权代理人</translation>
    </message>
    <message>
      <source>Legal representative (法定代表人)</source>
      <translation>法定代表人</translation>
    </message>
    <message>
      <source>Name of the organisation</source>
      <translation>单位名称</translation>
    </message>
    <message>
      <source>Next: the form</source>
      <translation>下一步：填写表单</translation>
    </message>
    <message>
      <source>Please bring the letter of authorisation (授权委托书), signed by the legal representative and stamped with the organisation's seal.</source>
      <translation>请携带法定代表人签字并加盖单位公章的授权委托书。</translation>
    </message>
    <message>
      <source>Unified social credit code (18 characters)</source>
      <translation>统一社会信用代码（18位）</translation>
    </message>
    <message>
      <source>You are its</source>
      <translation>您的身份</translation>
    </message>
    <message>
      <source>Your organisation</source>
      <translation>单位信息</translation>
    </message>
  </context>
  <context>
    <name>CatalogueScreen</name>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Business services</source>
      <translation>法人办事</translation>
    </message>
    <message>
      <source>By life event:</source>
      <translation>按主题办事：</translation>
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
      <translation>输入事项，如“身份证”或“sfz”</translation>
    </message>
  </context>
  <context>
    <name>CommitmentScreen</name>
    <message>
      <source>Commitment letter</source>
      <translation>告知承诺书</translation>
    </message>
    <message>
      <source>Commitment letter (告知承诺书)</source>
      <translation>告知承诺书</translation>
    </message>
    <message>
      <source>I promise: next</source>
      <translation>我承诺，下一步</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>正在保存……</translation>
    </message>
    <message>
      <source>Sign again</source>
      <translation>清除重签</translation>
    </message>
  </context>
  <context>
    <name>ConfirmScreen</name>
    <message>
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>Applying on behalf (代办)</source>
      <translation>代办人</translation>
    </message>
    <message>
      <source>At the counter</source>
      <translation>窗口领取</translation>
    </message>
    <message>
      <source>By post</source>
      <translation>邮寄</translation>
    </message>
    <message>
      <source>Change answers</source>
      <translation>返回修改</translation>
    </message>
    <message>
      <source>Commitment letter</source>
      <translation>告知承诺书</translation>
    </message>
    <message>
      <source>How will you collect the result?</source>
      <translation>结果领取方式</translation>
    </message>
    <message>
      <source>Materials</source>
      <translation>申请材料</translation>
    </message>
    <message>
      <source>Not signed</source>
      <translation>未签名</translation>
    </message>
    <message>
      <source>Please check</source>
      <translation>请核对信息</translation>
    </message>
    <message>
      <source>Print at a kiosk</source>
      <translation>自助终端打印</translation>
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
      <source>Signed ✓</source>
      <translation>已签名 ✓</translation>
    </message>
    <message>
      <source>Submit</source>
      <translation>确认提交</translation>
    </message>
    <message>
      <source>The result of this service is collected: %1</source>
      <translation>本事项的结果领取方式：%1</translation>
    </message>
    <message>
      <source>Your answers</source>
      <translation>填写内容</translation>
    </message>
  </context>
  <context>
    <name>DiagnosticsPanel</name>
    <message>
      <source>Logs without personal data, settings without secrets, the queue and the devices.</source>
      <translation>包括不含个人信息的运行日志、不含密钥的设置、待传队列和设备状态。</translation>
    </message>
    <message>
      <source>Save to a USB stick</source>
      <translation>保存到U盘</translation>
    </message>
    <message>
      <source>Send to the network</source>
      <translation>上传到政务服务网</translation>
    </message>
  </context>
  <context>
    <name>FaceCheckStep</name>
    <message>
      <source>A member of staff will confirm who you are</source>
      <translation>由工作人员核实您的身份</translation>
    </message>
    <message>
      <source>Comparing… please keep still</source>
      <translation>正在比对…请保持不动</translation>
    </message>
    <message>
      <source>Confirm</source>
      <translation>确认</translation>
    </message>
    <message>
      <source>Face check: please look at the camera</source>
      <translation>人脸核验：请看摄像头</translation>
    </message>
    <message>
      <source>Staff: check the card against the resident, then enter your PIN or put your staff card on the reader (take the resident's card off first).</source>
      <translation>工作人员：请核对证件与本人，然后输入密码，或把工作证放到读卡区（请先取下群众的证件）。</translation>
    </message>
    <message>
      <source>Stand in front of the screen and look straight at the camera above it. Take off a hat, a mask or sunglasses.</source>
      <translation>请站在屏幕前，正对屏幕上方的摄像头。请摘下帽子、口罩或墨镜。</translation>
    </message>
    <message>
      <source>Start the face check</source>
      <translation>开始人脸核验</translation>
    </message>
    <message>
      <source>The photo on the card is compared with your face to make sure the card is yours. No picture is kept.</source>
      <translation>将您的人脸与证件照片比对，确认是本人持证。本机不保存任何照片。</translation>
    </message>
    <message>
      <source>This is not a problem with your application. Please wait: the staff will check your card against you.</source>
      <translation>这不影响您的申请。请稍候，工作人员将核对您本人与证件。</translation>
    </message>
  </context>
  <context>
    <name>FormScreen</name>
    <message>
      <source>As entered before the form</source>
      <translation>已在上一步填写</translation>
    </message>
    <message>
      <source>As your electronic card says (code checked)</source>
      <translation>来自电子证照（已扫码核验）</translation>
    </message>
    <message>
      <source>Fill in every field marked * to go on.</source>
      <translation>请填写所有带 * 号的项目，才能继续。</translation>
    </message>
    <message>
      <source>From the ID card</source>
      <translation>来自身份证</translation>
    </message>
    <message>
      <source>Next question</source>
      <translation>下一项</translation>
    </message>
    <message>
      <source>Next: materials</source>
      <translation>下一步：提交材料</translation>
    </message>
    <message>
      <source>Question %1 of %2</source>
      <translation>第 %1 项，共 %2 项</translation>
    </message>
  </context>
  <context>
    <name>GuideScreen</name>
    <message>
      <source>(if you have it)</source>
      <translation>（如有）</translation>
    </message>
    <message>
      <source>Collecting the result</source>
      <translation>结果领取方式</translation>
    </message>
    <message>
      <source>Complaints and advice</source>
      <translation>投诉与咨询</translation>
    </message>
    <message>
      <source>Fee</source>
      <translation>收费标准</translation>
    </message>
    <message>
      <source>Print this guide</source>
      <translation>打印办事指南</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>正在打印……</translation>
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
      <source>Collect my results</source>
      <translation>结果领取</translation>
    </message>
    <message>
      <source>Elderly mode</source>
      <translation>长者模式</translation>
    </message>
    <message>
      <source>Enter or scan the code on your receipt, or use your ID card</source>
      <translation>输入登记编码、扫描回执或刷身份证</translation>
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
      <source>Listen again</source>
      <translation>再听一遍</translation>
    </message>
    <message>
      <source>Personal services</source>
      <translation>个人办事</translation>
    </message>
    <message>
      <source>Print approvals and certificates on A4</source>
      <translation>自助打印批文、证明和证照</translation>
    </message>
    <message>
      <source>Queue; priority for bookings and 70+</source>
      <translation>到窗口排队；预约、70岁以上优先</translation>
    </message>
    <message>
      <source>Shops, companies, licences</source>
      <translation>开店、企业、许可证</translation>
    </message>
    <message>
      <source>Standard mode</source>
      <translation>标准模式</translation>
    </message>
    <message>
      <source>Take a number</source>
      <translation>取号</translation>
    </message>
    <message>
      <source>Touch what you want to do.</source>
      <translation>请点击您要办理的事情。</translation>
    </message>
  </context>
  <context>
    <name>IdentifyScreen</name>
    <message>
      <source>Agent: %1 ✓</source>
      <translation>代办人：%1 ✓</translation>
    </message>
    <message>
      <source>Checking your code… please wait.</source>
      <translation>正在核验您的二维码，请稍候……</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>正在核验…</translation>
    </message>
    <message>
      <source>Confirmed from the 户口簿: next</source>
      <translation>已核对户口簿，下一步</translation>
    </message>
    <message>
      <source>For myself</source>
      <translation>为本人办理</translation>
    </message>
    <message>
      <source>For someone else (代办)</source>
      <translation>帮别人代办</translation>
    </message>
    <message>
      <source>ID number (公民身份号码)</source>
      <translation>公民身份号码</translation>
    </message>
    <message>
      <source>Identify yourself</source>
      <translation>身份核验</translation>
    </message>
    <message>
      <source>Identity from the household register (户口簿), confirmed by the staff</source>
      <translation>凭户口簿核验身份（工作人员确认）</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>No card with you? Show the code of your electronic social security card or electronic ID to the scanner.</source>
      <translation>没带证件？请向扫码器出示电子社保卡或电子身份证的二维码。</translation>
    </message>
    <message>
      <source>Now put the other person's ID card on the reading area</source>
      <translation>现在请把被代办人的身份证放在读卡区</translation>
    </message>
    <message>
      <source>Please put your ID card on the reading area, or insert your social security card</source>
      <translation>请把身份证放在读卡区，或插入社保卡</translation>
    </message>
    <message>
      <source>Please put your own ID card on the reading area</source>
      <translation>请把您本人的身份证放在读卡区</translation>
    </message>
    <message>
      <source>Read my card</source>
      <translation>读卡</translation>
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
      <source>Staff: check the 户口簿 page against the resident, then type the name and the ID number exactly as printed.</source>
      <translation>工作人员：请核对户口簿本人页与申请人，然后按户口簿所载准确录入姓名和公民身份号码。</translation>
    </message>
    <message>
      <source>Step 1 of 2: your own card (the person applying on behalf)</source>
      <translation>第 1 步（共 2 步）：代办人本人的身份证</translation>
    </message>
    <message>
      <source>Step 2 of 2: the card of the person you apply for</source>
      <translation>第 2 步（共 2 步）：被代办人的身份证</translation>
    </message>
    <message>
      <source>The code is checked as soon as the scanner reads it: no button to touch.</source>
      <translation>扫码后自动核验，无需点击按钮。</translation>
    </message>
    <message>
      <source>Then touch the button below.</source>
      <translation>然后点击下面的按钮。</translation>
    </message>
    <message>
      <source>Who is this application for?</source>
      <translation>请问您是给谁办理？</translation>
    </message>
    <message>
      <source>You need your own ID card and the ID card of the person you apply for.</source>
      <translation>需要您本人和被代办人的身份证。</translation>
    </message>
    <message>
      <source>You need your own ID card.</source>
      <translation>需要您本人的身份证。</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <source>Are you still there?</source>
      <translation>您还在吗？</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>继续</translation>
    </message>
    <message>
      <source>Government service kiosk</source>
      <translation>政务服务自助终端</translation>
    </message>
    <message>
      <source>OK</source>
      <translation>知道了</translation>
    </message>
    <message>
      <source>To keep your details safe, this screen goes back to the start in %1 seconds and forgets what you entered.</source>
      <translation>为保护您的信息，%1 秒后将回到首页，并清除您填写的内容。</translation>
    </message>
  </context>
  <context>
    <name>MaterialsScreen</name>
    <message>
      <source>%1 of %2 photographed</source>
      <translation>已拍照 %1 项，共 %2 项</translation>
    </message>
    <message>
      <source>If you have it</source>
      <translation>如有请提供</translation>
    </message>
    <message>
      <source>Material %1 of %2</source>
      <translation>第 %1 项材料，共 %2 项</translation>
    </message>
    <message>
      <source>Materials</source>
      <translation>申请材料</translation>
    </message>
    <message>
      <source>Next</source>
      <translation>下一步</translation>
    </message>
    <message>
      <source>Next material</source>
      <translation>下一项材料</translation>
    </message>
    <message>
      <source>Photo taken ✓</source>
      <translation>已拍照 ✓</translation>
    </message>
    <message>
      <source>Put each material face up under the camera, then touch “Take a photo”.</source>
      <translation>请把材料正面朝上放在高拍仪下，然后点“拍照”。</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>必须提供</translation>
    </message>
    <message>
      <source>Take a photo</source>
      <translation>拍照</translation>
    </message>
    <message>
      <source>Take it again</source>
      <translation>重新拍照</translation>
    </message>
    <message>
      <source>Taking the photo…</source>
      <translation>正在拍照……</translation>
    </message>
    <message>
      <source>This kiosk has no document camera: please hand your materials to the staff at the counter. Check the list below.</source>
      <translation>本机没有高拍仪：请把材料交给窗口工作人员，并核对下面的清单。</translation>
    </message>
  </context>
  <context>
    <name>MissingScreen</name>
    <message>
      <source>Back to photos</source>
      <translation>返回拍照</translation>
    </message>
    <message>
      <source>Back to the list</source>
      <translation>返回材料清单</translation>
    </message>
    <message>
      <source>For “%1”, these %2 materials are still missing:</source>
      <translation>办理“%1”，还缺少以下 %2 项材料：</translation>
    </message>
    <message>
      <source>Materials still missing</source>
      <translation>还缺的材料（一次性告知）</translation>
    </message>
    <message>
      <source>Print this list</source>
      <translation>打印缺件清单</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>正在打印……</translation>
    </message>
    <message>
      <source>Promise to hand them in later</source>
      <translation>承诺后补交，继续办理</translation>
    </message>
    <message>
      <source>You can still apply now: sign a commitment letter promising to hand them in at the counter within %1 working days. Or print this list and come back with everything.</source>
      <translation>您现在仍可申请：签署告知承诺书，承诺在 %1 个工作日内把材料交到窗口；也可以打印清单，备齐后再来。</translation>
    </message>
  </context>
  <context>
    <name>PagerColumn</name>
    <message>
      <source>Down</source>
      <translation>下一页</translation>
    </message>
    <message>
      <source>Up</source>
      <translation>上一页</translation>
    </message>
  </context>
  <context>
    <name>PaymentScreen</name>
    <message>
      <source>Cancel payment</source>
      <translation>取消支付</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>继续</translation>
    </message>
    <message>
      <source>Or open the payment code in WeChat or Alipay and hold it under the scanner.</source>
      <translation>也可打开微信或支付宝的付款码，对准屏幕下方的扫码器。</translation>
    </message>
    <message>
      <source>Order number: %1</source>
      <translation>订单号：%1</translation>
    </message>
    <message>
      <source>Paid at: %1</source>
      <translation>支付时间：%1</translation>
    </message>
    <message>
      <source>Pay later</source>
      <translation>稍后缴费</translation>
    </message>
    <message>
      <source>Pay the fee</source>
      <translation>缴纳费用</translation>
    </message>
    <message>
      <source>Time left %1</source>
      <translation>剩余时间 %1</translation>
    </message>
    <message>
      <source>Try again</source>
      <translation>重新支付</translation>
    </message>
    <message>
      <source>Your application is saved. Registration code: %1</source>
      <translation>您的申请已保存，登记编码：%1</translation>
    </message>
  </context>
  <context>
    <name>ProvisionHardware</name>
    <message>
      <source>Look again</source>
      <translation>重新查找</translation>
    </message>
    <message>
      <source>Looking…</source>
      <translation>正在查找…</translation>
    </message>
    <message>
      <source>Next: test the devices</source>
      <translation>下一步：测试设备</translation>
    </message>
    <message>
      <source>None found.</source>
      <translation>未找到。</translation>
    </message>
    <message>
      <source>Nothing was found. Check the cables and the power and look again, or enter each device by hand below.</source>
      <translation>没有找到设备。请检查数据线和电源后再找一次，或在下方逐个手动填写设备。</translation>
    </message>
    <message>
      <source>Now: %1</source>
      <translation>当前：%1</translation>
    </message>
    <message>
      <source>Or enter it by hand: %1</source>
      <translation>或手动输入：%1</translation>
    </message>
    <message>
      <source>Plug in every device, then let the kiosk look. Pick each device from what it found, or enter it by hand.</source>
      <translation>请先接好所有设备，再让终端查找。从找到的设备中逐项选择，或手动填写。</translation>
    </message>
    <message>
      <source>Use</source>
      <translation>使用</translation>
    </message>
  </context>
  <context>
    <name>ProvisionScreen</name>
    <message>
      <source>Back to the device tests</source>
      <translation>返回设备测试</translation>
    </message>
    <message>
      <source>Change devices</source>
      <translation>更换设备</translation>
    </message>
    <message>
      <source>Checklist</source>
      <translation>检查清单</translation>
    </message>
    <message>
      <source>Diagnostics for the technicians</source>
      <translation>诊断信息（供运维人员）</translation>
    </message>
    <message>
      <source>Enroll this kiosk</source>
      <translation>注册本终端</translation>
    </message>
    <message>
      <source>Enrolled as %1. Now test each device: put a card on the reader, print a test page, scan its QR code, and look into the camera if there is one.</source>
      <translation>已注册为 %1。请逐一测试设备：在读卡器上放一张证件，打印测试页，再扫描测试页上的二维码；装有摄像头的，请看向摄像头测试。</translation>
    </message>
    <message>
      <source>Enrolling…</source>
      <translation>正在注册…</translation>
    </message>
    <message>
      <source>Enrollment code</source>
      <translation>注册码</translation>
    </message>
    <message>
      <source>Enter the service network's address and the one-time enrollment code from the network's administrator (servicenet enrollment-code).</source>
      <translation>请输入政务服务网地址，以及网络管理员提供的一次性注册码（servicenet enrollment-code）。</translation>
    </message>
    <message>
      <source>Network address</source>
      <translation>网络地址</translation>
    </message>
    <message>
      <source>Next</source>
      <translation>下一步</translation>
    </message>
    <message>
      <source>Not ready yet: every required item needs a tick.</source>
      <translation>尚未就绪：所有必需项目都须打勾。</translation>
    </message>
    <message>
      <source>Print a test page</source>
      <translation>打印测试页</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>正在打印…</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读卡…</translation>
    </message>
    <message>
      <source>Save settings</source>
      <translation>保存设置</translation>
    </message>
    <message>
      <source>Save these settings. The kiosk checks them against its schema and starts with them from now on.</source>
      <translation>保存以下设置。终端会按配置规范校验，此后按此设置启动。</translation>
    </message>
    <message>
      <source>Set up this kiosk</source>
      <translation>终端初始化设置</translation>
    </message>
    <message>
      <source>Start the kiosk</source>
      <translation>启动终端</translation>
    </message>
    <message>
      <source>Step %1 of %2</source>
      <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
      <source>Test camera</source>
      <translation>测试摄像头</translation>
    </message>
    <message>
      <source>Test card reader</source>
      <translation>测试读卡器</translation>
    </message>
    <message>
      <source>Test scanner</source>
      <translation>测试扫码器</translation>
    </message>
    <message>
      <source>Testing the camera…</source>
      <translation>正在测试摄像头…</translation>
    </message>
    <message>
      <source>This kiosk is ready for residents.</source>
      <translation>本终端已就绪，可以为群众服务。</translation>
    </message>
    <message>
      <source>Waiting for a scan…</source>
      <translation>等待扫码…</translation>
    </message>
  </context>
  <context>
    <name>QueueScreen</name>
    <message>
      <source>Booked an appointment, or aged 70 or over? Put your ID card on the reader and touch the button first, to be called with priority. Otherwise you need no card.</source>
      <translation>已网上预约或年满70岁？请先把身份证放在读卡区并点下方按钮，可优先叫号。其他人无需刷卡。</translation>
    </message>
    <message>
      <source>Card read: %1. Now touch the business.</source>
      <translation>已读卡：%1。请点选要办理的业务。</translation>
    </message>
    <message>
      <source>Card read: %1. Your appointment today: %2 at %3. Touch the highlighted business.</source>
      <translation>已读卡：%1。您今天预约了 %3 办理“%2”，请点击突出显示的业务取号。</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>正在加载…</translation>
    </message>
    <message>
      <source>Read my ID card</source>
      <translation>刷身份证</translation>
    </message>
    <message>
      <source>Reading the card…</source>
      <translation>正在读卡…</translation>
    </message>
    <message>
      <source>Take a number</source>
      <translation>取号</translation>
    </message>
    <message>
      <source>Taking your number…</source>
      <translation>正在取号…</translation>
    </message>
    <message>
      <source>Touch the business you came for.</source>
      <translation>请点选您要办理的业务</translation>
    </message>
    <message>
      <source>Watch the screen in the hall and listen for your number.</source>
      <translation>请留意大厅叫号屏和广播。</translation>
    </message>
  </context>
  <context>
    <name>RateScreen</name>
    <message>
      <source>Back to the start</source>
      <translation>回到首页</translation>
    </message>
    <message>
      <source>How satisfied are you?</source>
      <translation>您对这次服务满意吗？</translation>
    </message>
    <message>
      <source>Rate this service</source>
      <translation>评价本次服务</translation>
    </message>
    <message>
      <source>Send</source>
      <translation>提交评价</translation>
    </message>
    <message>
      <source>Sending…</source>
      <translation>正在提交……</translation>
    </message>
    <message>
      <source>Thank you! Your rating “%1” has been recorded.</source>
      <translation>谢谢！您的评价“%1”已记录。</translation>
    </message>
    <message>
      <source>We are sorry. What went wrong? Touch all that apply.</source>
      <translation>很抱歉给您带来不便。哪里做得不好？可以多选。</translation>
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
      <translation>受理部门：%1</translation>
    </message>
    <message>
      <source>Rate this service</source>
      <translation>评价本次服务</translation>
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
      <translation>承诺时限：%1</translation>
    </message>
    <message>
      <source>To be finished by: %1</source>
      <translation>承诺办结日期：%1</translation>
    </message>
    <message>
      <source>Your registration code — keep it to check your application:</source>
      <translation>您的登记编码（请保管好，用来查询进度）：</translation>
    </message>
  </context>
  <context>
    <name>ResultsScreen</name>
    <message>
      <source>Collect my results</source>
      <translation>结果领取</translation>
    </message>
    <message>
      <source>Issued %1</source>
      <translation>出具日期 %1</translation>
    </message>
    <message>
      <source>Looking up your results…</source>
      <translation>正在查询办理结果…</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Print your approval, certificate or licence here once your application is completed.</source>
      <translation>办结后可在这里打印批文、证明或证照。</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>正在打印…</translation>
    </message>
    <message>
      <source>Put your ID card on the reader and touch the button, or scan the QR code on your receipt.</source>
      <translation>请把身份证放在读卡区后点按钮，或扫描回执上的二维码。</translation>
    </message>
    <message>
      <source>Read my ID card</source>
      <translation>读取身份证</translation>
    </message>
    <message>
      <source>Reading the card…</source>
      <translation>正在读卡…</translation>
    </message>
    <message>
      <source>Your results</source>
      <translation>我的办理结果</translation>
    </message>
  </context>
  <context>
    <name>SignaturePad</name>
    <message>
      <source>Sign here with your finger</source>
      <translation>请用手指在这里签名</translation>
    </message>
  </context>
  <context>
    <name>StaffLoginScreen</name>
    <message>
      <source>For hall staff and technicians. Enter your PIN, or put your staff card on the reader.</source>
      <translation>仅供大厅工作人员和运维人员使用。请输入密码，或将工作证件放在读卡器上。</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Staff sign-in</source>
      <translation>工作人员登录</translation>
    </message>
  </context>
  <context>
    <name>StaffPinPad</name>
    <message>
      <source>(PIN)</source>
      <translation>（密码）</translation>
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
      <source>Staff card</source>
      <translation>刷工作证件</translation>
    </message>
  </context>
  <context>
    <name>StaffScreen</name>
    <message>
      <source>%1 · %2 · %3: %4</source>
      <translation>%1 · %2 · %3：%4 件</translation>
    </message>
    <message>
      <source>(%1 at the counter)</source>
      <translation>（其中窗口代办 %1 件）</translation>
    </message>
    <message>
      <source>Acknowledge the recovery note</source>
      <translation>已知悉数据恢复情况</translation>
    </message>
    <message>
      <source>Apply for a resident</source>
      <translation>帮群众办理</translation>
    </message>
    <message>
      <source>Cases today: %1</source>
      <translation>今日办件：%1 件</translation>
    </message>
    <message>
      <source>Devices</source>
      <translation>设备状态</translation>
    </message>
    <message>
      <source>Diagnostics for the technicians</source>
      <translation>诊断信息（供运维人员）</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <source>Export CSV</source>
      <translation>导出 CSV</translation>
    </message>
    <message>
      <source>Find payments</source>
      <translation>查询缴费</translation>
    </message>
    <message>
      <source>Last sync: %1</source>
      <translation>上次同步：%1</translation>
    </message>
    <message>
      <source>Network: connected</source>
      <translation>网络：已连接</translation>
    </message>
    <message>
      <source>Network: not connected</source>
      <translation>网络：未连接</translation>
    </message>
    <message>
      <source>No ID card: from the 户口簿</source>
      <translation>无身份证：凭户口簿办理</translation>
    </message>
    <message>
      <source>No device information.</source>
      <translation>暂无设备信息。</translation>
    </message>
    <message>
      <source>None. Every case went through.</source>
      <translation>无。所有办件均已上报。</translation>
    </message>
    <message>
      <source>Payments and refunds</source>
      <translation>缴费与退款</translation>
    </message>
    <message>
      <source>Quarantined cases</source>
      <translation>隔离的办件</translation>
    </message>
    <message>
      <source>Quarantined: %1</source>
      <translation>已隔离：%1</translation>
    </message>
    <message>
      <source>Queue and network</source>
      <translation>队列与网络</translation>
    </message>
    <message>
      <source>Re-queue</source>
      <translation>重新排队</translation>
    </message>
    <message>
      <source>Reason for the refund</source>
      <translation>退款原因</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>Registration code (20 digits)</source>
      <translation>登记编码（20位数字）</translation>
    </message>
    <message>
      <source>Reprint</source>
      <translation>补打</translation>
    </message>
    <message>
      <source>Reprint a receipt</source>
      <translation>补打回执</translation>
    </message>
    <message>
      <source>Send now</source>
      <translation>立即发送</translation>
    </message>
    <message>
      <source>Sign out</source>
      <translation>退出登录</translation>
    </message>
    <message>
      <source>Staff counter</source>
      <translation>综合受理</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>今日统计</translation>
    </message>
    <message>
      <source>Waiting to send: %1</source>
      <translation>待发送：%1</translation>
    </message>
  </context>
  <context>
    <name>TrackScreen</name>
    <message>
      <source>(no digits yet)</source>
      <translation>（还没有输入）</translation>
    </message>
    <message>
      <source>Applications for this ID card:</source>
      <translation>这张身份证办理的事项：</translation>
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
      <source>Enter the 20-digit code on your receipt, or hold its QR code to the scanner</source>
      <translation>请输入回执上的20位登记编码，或把回执二维码对准扫码口</translation>
    </message>
    <message>
      <source>Hand them in now</source>
      <translation>立即提交补正</translation>
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
      <source>Photograph a page (%1)</source>
      <translation>拍摄材料（已拍 %1 页）</translation>
    </message>
    <message>
      <source>Please bring these materials to the office:</source>
      <translation>办件需要补正，请带上以下材料到窗口：</translation>
    </message>
    <message>
      <source>Rate this service</source>
      <translation>评价本次服务</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读取……</translation>
    </message>
    <message>
      <source>Sending…</source>
      <translation>正在提交…</translation>
    </message>
    <message>
      <source>Status: %1</source>
      <translation>办理状态：%1</translation>
    </message>
    <message>
      <source>Taking the picture…</source>
      <translation>正在拍摄…</translation>
    </message>
    <message>
      <source>This application is rated: %1. Each is rated once. Thank you.</source>
      <translation>这件办件已评价：%1。每件只能评价一次，感谢您的评价。</translation>
    </message>
    <message>
      <source>To be finished by: %1</source>
      <translation>承诺办结日期：%1</translation>
    </message>
    <message>
      <source>Use my ID card</source>
      <translation>刷身份证查询</translation>
    </message>
    <message>
      <source>You have rated this service. Thank you.</source>
      <translation>您已评价过这件办件，感谢您的评价。</translation>
    </message>
  </context>
  <context>
    <name>business</name>
    <message>
      <source>A unified social credit code has 18 characters. You entered %1.</source>
      <translation>统一社会信用代码为18位，您输入了 %1 位。</translation>
    </message>
    <message>
      <source>Please enter the organisation's name.</source>
      <translation>请填写单位名称。</translation>
    </message>
    <message>
      <source>Please enter the unified social credit code.</source>
      <translation>请填写统一社会信用代码。</translation>
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
    <name>commitment</name>
    <message>
      <source>I am applying for “%1”. I promise that what I have filled in and the materials I have given are true, complete and valid.</source>
      <translation>本人申请办理“%1”，承诺所填写的信息和提交的材料真实、完整、有效。</translation>
    </message>
    <message>
      <source>I have not yet handed in: %1. I promise to hand them in at the counter within %2 working days.</source>
      <translation>本人尚未提交：%1。承诺在 %2 个工作日内交到窗口。</translation>
    </message>
    <message>
      <source>If anything I said is untrue, the application may be refused or the decision withdrawn, and I bear the legal responsibility.</source>
      <translation>如有不实，愿意承担申请不予受理或决定被撤销等后果，并承担相应法律责任。</translation>
    </message>
    <message>
      <source>My personal information is used only to handle this application.</source>
      <translation>本人同意个人信息仅用于办理本事项。</translation>
    </message>
    <message>
      <source>Please sign with your finger in the box first.</source>
      <translation>请先用手指在框内签名。</translation>
    </message>
  </context>
  <context>
    <name>confirm</name>
    <message>
      <source>%1 photographed</source>
      <translation>已拍照 %1 项</translation>
    </message>
    <message>
      <source>This kiosk's storage is full, so your application was not saved. Please ask the staff for help.</source>
      <translation>本机存储空间已满，申请没有保存。请找工作人员帮助。</translation>
    </message>
    <message>
      <source>To receive it by post, fill in your address and phone on the form.</source>
      <translation>选择邮寄，请先在表单中填写地址和手机号码。</translation>
    </message>
    <message>
      <source>Your application could not be saved. Nothing was sent. Please try again or ask the staff.</source>
      <translation>申请没有保存成功，也没有提交。请再试一次，或找工作人员。</translation>
    </message>
    <message>
      <source>to hand in later: %1</source>
      <translation>待补交：%1</translation>
    </message>
  </context>
  <context>
    <name>drivers</name>
    <message>
      <source>%1 case(s) recovered from the service network</source>
      <translation>从政务服务网恢复 %1 件</translation>
    </message>
    <message>
      <source>%1 more could not be recovered</source>
      <translation>另有 %1 项无法恢复</translation>
    </message>
    <message>
      <source>Not recovered: row %2 of table %1 could not be read</source>
      <translation>无法恢复：%1 表第 %2 行无法读取</translation>
    </message>
    <message>
      <source>Not recovered: row %2 of table %1 has lost its case</source>
      <translation>无法恢复：%1 表第 %2 行缺少所属办件</translation>
    </message>
    <message>
      <source>Not recovered: table %1 could not be read (%2)</source>
      <translation>无法恢复：%1 表无法读取（%2）</translation>
    </message>
    <message>
      <source>Not recovered: the copy of %1 waiting to be sent is missing</source>
      <translation>无法恢复：%1 的待发送副本缺失</translation>
    </message>
    <message>
      <source>Not recovered: the damaged file could not be opened (%1)</source>
      <translation>无法恢复：原文件无法打开（%1）</translation>
    </message>
    <message>
      <source>Payment is not available right now.</source>
      <translation>暂时无法支付。</translation>
    </message>
    <message>
      <source>Please hold the code under the scanner.</source>
      <translation>请把二维码放到扫码口下面。</translation>
    </message>
    <message>
      <source>Please insert your social security card into the card slot.</source>
      <translation>请把社保卡插进插卡口。</translation>
    </message>
    <message>
      <source>Please put your ID card on the reader, or insert your social security card.</source>
      <translation>请把身份证放在读卡区，或者把社保卡插进插卡口。</translation>
    </message>
    <message>
      <source>Please put your ID card on the reader.</source>
      <translation>请把身份证放在读卡区。</translation>
    </message>
    <message>
      <source>The A4 printer has a fault. Please ask the staff for help.</source>
      <translation>A4打印机出现故障，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The A4 printer is offline. Please ask the staff for help.</source>
      <translation>A4打印机没有联机，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The A4 printer is out of paper. Please ask the staff for help.</source>
      <translation>A4打印机缺纸，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The A4 printer is out of toner. Please ask the staff for help.</source>
      <translation>A4打印机墨粉用完了，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The A4 printer is running low on toner.</source>
      <translation>A4打印机墨粉不足。</translation>
    </message>
    <message>
      <source>The A4 printer is running out of paper.</source>
      <translation>A4打印机纸张快用完了。</translation>
    </message>
    <message>
      <source>The A4 printer stopped the job before the document came out.</source>
      <translation>A4打印机中止了这次打印，文书没有打出来。</translation>
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
      <source>The camera gave no picture.</source>
      <translation>摄像头没有拍到画面。</translation>
    </message>
    <message>
      <source>The camera is not connected.</source>
      <translation>摄像头未连接。</translation>
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
      <source>The card was taken out too soon. Please insert it again and leave it until it is read.</source>
      <translation>卡拔得太快了。请重新插卡，读完之前先不要拔。</translation>
    </message>
    <message>
      <source>The code scanner is not connected.</source>
      <translation>扫码器没有连接，请找工作人员。</translation>
    </message>
    <message>
      <source>The code sequence could not be read (%1): today's codes skip %2 numbers</source>
      <translation>编码序号无法读取（%1），今日编码跳过 %2 个</translation>
    </message>
    <message>
      <source>The database was damaged and set aside as %1; %2 case(s) recovered from it</source>
      <translation>数据库损坏，已另存为 %1，从原文件恢复 %2 件</translation>
    </message>
    <message>
      <source>The details on this card cannot be read here. Please use your ID card instead.</source>
      <translation>这张卡的信息在这里读不出来，请改用身份证。</translation>
    </message>
    <message>
      <source>The disk is full: new applications cannot be saved. Please free some storage space.</source>
      <translation>磁盘已满：新的申请无法保存，请清理存储空间。</translation>
    </message>
    <message>
      <source>The document could not be checked. Please ask the staff.</source>
      <translation>文书核验未通过，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The kiosk may not open the USB receipt printer. A technician installs the device rules (deploy/udev) and replugs it.</source>
      <translation>自助终端无权打开 USB 凭条打印机。请技术人员安装设备规则（deploy/udev）后重新插拔打印机。</translation>
    </message>
    <message>
      <source>The payment order was not found.</source>
      <translation>未找到该支付订单。</translation>
    </message>
    <message>
      <source>The payment was refused.</source>
      <translation>支付未被受理。</translation>
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
      <source>The printer ran out of paper while printing. Your application is saved. Please ask the staff for help.</source>
      <translation>打印的时候打印机没纸了。您的申请已经保存好了，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The printer's paper cutter is stuck. Please ask the staff for help.</source>
      <translation>打印机切纸的地方卡住了，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>The receipt could not be printed. Your application is saved; a staff member can reprint it.</source>
      <translation>回执没有打印出来。您的申请已经保存，工作人员可以帮您补打。</translation>
    </message>
    <message>
      <source>The receipt printer is not connected (USB). Check its cable and power.</source>
      <translation>凭条打印机未连接（USB）。请检查数据线和电源。</translation>
    </message>
    <message>
      <source>The receipt printer is not responding.</source>
      <translation>回执打印机没有反应，请找工作人员。</translation>
    </message>
    <message>
      <source>The social security card could not be read. Please take it out and put it in again.</source>
      <translation>社保卡没有读出来，请把卡拔出来，再重新插进去。</translation>
    </message>
    <message>
      <source>The social security card reader is not connected.</source>
      <translation>社保卡读卡器没有连接，请找工作人员。</translation>
    </message>
    <message>
      <source>The social security card reader is not working. Please ask the staff for help.</source>
      <translation>社保卡读卡器现在用不了，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>This device cannot be used because part of its software is missing. Please ask the staff for help.</source>
      <translation>这个设备缺少软件，暂时用不了，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>This device is not set up on this kiosk.</source>
      <translation>这台机器没有装这个设备。</translation>
    </message>
    <message>
      <source>This device is not working. Please ask the staff for help.</source>
      <translation>这个设备出故障了，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>This document has been printed as many times as allowed. Please ask the staff.</source>
      <translation>该文书已达到打印次数上限，请找工作人员。</translation>
    </message>
    <message>
      <source>This is not a social security card. Please insert your social security card.</source>
      <translation>这不是社保卡，请插入您的社保卡。</translation>
    </message>
    <message>
      <source>This kiosk has no A4 printer. Please print at the counter.</source>
      <translation>本终端没有A4打印机，请到窗口打印。</translation>
    </message>
    <message>
      <source>This print was not counted: you can print the document again when the printer is ready.</source>
      <translation>本次打印不计入打印次数，打印机恢复后可以再次打印。</translation>
    </message>
    <message>
      <source>This print will not be counted: the kiosk tells the network as soon as it can. If you need the document now, please ask the staff.</source>
      <translation>本次打印不会计入打印次数，终端联网后会自动退回。如需马上取得文书，请找工作人员。</translation>
    </message>
  </context>
  <context>
    <name>face</name>
    <message>
      <source>Please take off a hat or glasses, look straight at the camera with nobody else in the picture, and try again. Tries left: %1</source>
      <translation>请摘下帽子或眼镜，正对摄像头，画面中不要有其他人，然后再试一次。还可以试%1次。</translation>
    </message>
    <message>
      <source>Staff sign-in is not set up on this kiosk. Please go to the counter.</source>
      <translation>本机未设置工作人员登录，请到窗口办理。</translation>
    </message>
    <message>
      <source>The camera could not see one face clearly.</source>
      <translation>摄像头没有清楚地拍到一张人脸。</translation>
    </message>
    <message>
      <source>The camera is not available.</source>
      <translation>摄像头无法使用。</translation>
    </message>
    <message>
      <source>The face at the camera and the photo on the card did not match.</source>
      <translation>摄像头前的人脸与证件照片不一致。</translation>
    </message>
    <message>
      <source>The faces did not match. Please look straight at the camera in good light and try again. Tries left: %1</source>
      <translation>人脸与证件照片不一致。请在光线充足处正对摄像头，再试一次。还可以试%1次。</translation>
    </message>
    <message>
      <source>The staff card could not be read. Please try again or enter the PIN.</source>
      <translation>工作证没有读出来，请再试一次或输入密码。</translation>
    </message>
    <message>
      <source>This card is not a staff card of this kiosk. Take the resident's card off the reader, then put the staff card on it.</source>
      <translation>这张卡不是本机登记的工作证。请先取下群众的证件，再把工作证放到读卡区。</translation>
    </message>
    <message>
      <source>This kiosk cannot read the photo on this card.</source>
      <translation>本机无法读取这张证件上的照片。</translation>
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
      <source>A credit code uses the digits 0-9 and capital letters, but not I, O, Z, S or V.</source>
      <translation>统一社会信用代码由数字和大写字母组成，不含 I、O、Z、S、V。</translation>
    </message>
    <message>
      <source>A number from %1 to %2</source>
      <translation>填 %1 到 %2 之间的数字</translation>
    </message>
    <message>
      <source>A unified social credit code has 18 characters.</source>
      <translation>统一社会信用代码为18位。</translation>
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
      <source>Please use only the digits 0-9 and X.</source>
      <translation>请只用数字0-9和X填写。</translation>
    </message>
    <message>
      <source>Please use only the digits 0-9.</source>
      <translation>请只用数字0-9填写。</translation>
    </message>
    <message>
      <source>Province, city, county, town, village and house number</source>
      <translation>省、市、县（区）、镇、村和门牌号</translation>
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
      <source>This credit code is not right: please check each character against the business licence.</source>
      <translation>统一社会信用代码有误，请对照营业执照逐位核对。</translation>
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
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>At the counter</source>
      <translation>窗口领取</translation>
    </message>
    <message>
      <source>By post</source>
      <translation>邮寄</translation>
    </message>
    <message>
      <source>Complaints and advice</source>
      <translation>投诉与咨询</translation>
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
      <source>Fee</source>
      <translation>收费标准</translation>
    </message>
    <message>
      <source>Free</source>
      <translation>免费</translation>
    </message>
    <message>
      <source>Print at a kiosk</source>
      <translation>自助终端打印</translation>
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
    <name>handin</name>
    <message>
      <source>Received. Your application continues now.</source>
      <translation>补正材料已收到，办件继续办理。</translation>
    </message>
    <message>
      <source>The network cannot be reached, so nothing was sent. Please try again later or hand the materials in at the counter.</source>
      <translation>网络暂时不通，材料没有提交。请稍后再试，或到窗口提交。</translation>
    </message>
    <message>
      <source>The office is not waiting for materials on this application.</source>
      <translation>该办件目前不需要补正材料。</translation>
    </message>
    <message>
      <source>The picture could not be taken. Please try again.</source>
      <translation>拍摄失败，请重试。</translation>
    </message>
  </context>
  <context>
    <name>identify</name>
    <message>
      <source>Please type the name as the 户口簿 shows it.</source>
      <translation>请按户口簿所载填写姓名。</translation>
    </message>
    <message>
      <source>The card could not be read. Please take it off and try again.</source>
      <translation>身份证没有读出来，请拿起后重新放好再试。</translation>
    </message>
    <message>
      <source>The code cannot be checked now because the network is not available. Please use your ID card.</source>
      <translation>网络暂不可用，无法核验此码。请使用身份证。</translation>
    </message>
    <message>
      <source>This card expired on %1. This service needs a valid card; only a few services, such as renewing the ID card, take an expired one. Please ask the staff if you need help.</source>
      <translation>此证件已于 %1 过期。本事项须使用有效期内的证件；仅居民身份证换领等少数事项可使用过期证件。如需帮助，请咨询工作人员。</translation>
    </message>
    <message>
      <source>This code could not be used: it may have expired. Please refresh the code on your phone and show it again, or use your ID card.</source>
      <translation>此码无法使用，可能已过期。请在手机上刷新后重新出示，或使用身份证。</translation>
    </message>
    <message>
      <source>This is your own card again. Now put the card of the person you are applying for on the reader.</source>
      <translation>这还是您本人的身份证。现在请放被代办人的身份证。</translation>
    </message>
  </context>
  <context>
    <name>kiosk</name>
    <message>
      <source>Getting ready. Please try again in a moment.</source>
      <translation>正在准备，请稍候再试。</translation>
    </message>
    <message>
      <source>Something went wrong with the machine. Please ask the staff for help.</source>
      <translation>机器出了点问题，请找工作人员帮忙。</translation>
    </message>
  </context>
  <context>
    <name>link</name>
    <message>
      <source>Connected</source>
      <translation>网络正常</translation>
    </message>
    <message>
      <source>No network now. You can still apply here.</source>
      <translation>暂时没有网络，仍可正常办理</translation>
    </message>
    <message>
      <source>Saved, being sent now</source>
      <translation>已保存，正在上报</translation>
    </message>
    <message>
      <source>Saved. It will be sent when the network is back.</source>
      <translation>已保存，网络恢复后自动上报</translation>
    </message>
  </context>
  <context>
    <name>materials</name>
    <message>
      <source>Still needed</source>
      <translation>还需补交的材料</translation>
    </message>
    <message>
      <source>The picture could not be taken. Please try again, or hand this material to the staff.</source>
      <translation>没有拍成功，请再试一次，或把材料交给工作人员。</translation>
    </message>
    <message>
      <source>This kiosk has no document camera. Please hand this material to the staff at the counter.</source>
      <translation>本机没有高拍仪，请把这份材料交给窗口工作人员。</translation>
    </message>
  </context>
  <context>
    <name>payment</name>
    <message>
      <source>Paying… If your phone asks, please confirm the payment on it.</source>
      <translation>正在支付……如手机提示，请在手机上确认付款。</translation>
    </message>
    <message>
      <source>Payment cancelled. Nothing was paid.</source>
      <translation>已取消支付，未扣款。</translation>
    </message>
    <message>
      <source>Payment is not available right now. Your application is saved: you can pay later.</source>
      <translation>暂时无法支付。您的申请已保存，可以稍后缴费。</translation>
    </message>
    <message>
      <source>Payment received. Thank you!</source>
      <translation>缴费成功，谢谢！</translation>
    </message>
    <message>
      <source>Please scan the QR code with WeChat or Alipay to pay %1, or show your payment code to the scanner.</source>
      <translation>请用微信或支付宝扫描二维码支付%1，或将付款码对准扫码器。</translation>
    </message>
    <message>
      <source>Please wait…</source>
      <translation>请稍候……</translation>
    </message>
    <message>
      <source>Preparing your payment…</source>
      <translation>正在生成支付二维码……</translation>
    </message>
    <message>
      <source>Refunded %1.</source>
      <translation>已退款%1。</translation>
    </message>
    <message>
      <source>Refunding…</source>
      <translation>正在退款……</translation>
    </message>
    <message>
      <source>Scan the QR code with WeChat or Alipay and pay on your phone.</source>
      <translation>请用微信或支付宝扫描二维码，在手机上完成支付。</translation>
    </message>
    <message>
      <source>That is not a payment code. Please show the payment code in WeChat or Alipay.</source>
      <translation>这不是付款码。请出示微信或支付宝的付款码。</translation>
    </message>
    <message>
      <source>The QR code has expired. Nothing was paid.</source>
      <translation>二维码已过期，未扣款。</translation>
    </message>
    <message>
      <source>The connection is slow. Still checking your payment…</source>
      <translation>网络较慢，正在继续查询支付结果……</translation>
    </message>
    <message>
      <source>The payment service refused the refund. Please ask the payment administrator.</source>
      <translation>支付平台未受理此次退款，请联系收费管理员。</translation>
    </message>
    <message>
      <source>The payment was declined. Nothing was paid.</source>
      <translation>支付未成功，未扣款。</translation>
    </message>
    <message>
      <source>The payment was not confirmed in time and has been cancelled. Nothing was paid.</source>
      <translation>未在规定时间内确认支付，已撤销，未扣款。</translation>
    </message>
    <message>
      <source>The refund is not confirmed yet; it will be retried.</source>
      <translation>退款结果尚未确认，系统将自动重试。</translation>
    </message>
    <message>
      <source>This application is paid already.</source>
      <translation>该申请已缴费。</translation>
    </message>
    <message>
      <source>This application was not accepted, so no fee is due. Nothing was paid.</source>
      <translation>该办件已不予受理（不予办理），无需缴费，未扣款。</translation>
    </message>
    <message>
      <source>This order was not paid: there is nothing to refund.</source>
      <translation>该订单未支付，无需退款。</translation>
    </message>
    <message>
      <source>This payment was already refunded or cancelled.</source>
      <translation>该笔款项已退款或已撤销。</translation>
    </message>
    <message>
      <source>We could not confirm your payment. If money was taken, it is recorded with your application automatically; otherwise please pay later.</source>
      <translation>暂时无法确认支付结果。如已扣款，系统会自动记入您的申请；如未扣款，请稍后缴费。</translation>
    </message>
    <message>
      <source>Your receipt will say how to pay later: scan its QR code, use the online service website, or pay at the counter.</source>
      <translation>回执上印有稍后缴费的方式：扫描回执上的二维码、登录政务服务网，或到窗口缴费。</translation>
    </message>
  </context>
  <context>
    <name>provision</name>
    <message>
      <source>%1 (%2)</source>
      <translation>%1（%2）</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
    <message>
      <source>/dev/input/by-id/… or /dev/ttyACM0</source>
      <translation>/dev/input/by-id/… 或 /dev/ttyACM0</translation>
    </message>
    <message>
      <source>/dev/ttyUSB1, USB ids 0416:5011 or host:9100</source>
      <translation>/dev/ttyUSB1、USB 编号 0416:5011 或 主机:9100</translation>
    </message>
    <message>
      <source>/dev/v4l/by-id/… or /dev/video0</source>
      <translation>/dev/v4l/by-id/… 或 /dev/video0</translation>
    </message>
    <message>
      <source>A %1 scanner (USB %2), not asked: a scanner only talks when it scans</source>
      <translation>%1 扫码器（USB %2），未询问：扫码器只在扫码时发送数据</translation>
    </message>
    <message>
      <source>A receipt printer answered at %1 baud</source>
      <translation>凭条打印机已应答（%1 波特）</translation>
    </message>
    <message>
      <source>A serial device, e.g. /dev/ttyUSB0</source>
      <translation>串口设备，例如 /dev/ttyUSB0</translation>
    </message>
    <message>
      <source>A4 printer</source>
      <translation>A4 打印机</translation>
    </message>
    <message>
      <source>A4 printers (CUPS)</source>
      <translation>A4 打印机（CUPS）</translation>
    </message>
    <message>
      <source>An ID card reader answered</source>
      <translation>身份证读卡器已应答</translation>
    </message>
    <message>
      <source>Any PC/SC reader</source>
      <translation>任意 PC/SC 读卡器</translation>
    </message>
    <message>
      <source>Asked, but nothing answered</source>
      <translation>已询问，但没有应答</translation>
    </message>
    <message>
      <source>Asking the serial ports what they are</source>
      <translation>正在逐个询问串口上的设备</translation>
    </message>
    <message>
      <source>Busy: another program holds it</source>
      <translation>占用中：另一个程序正在使用它</translation>
    </message>
    <message>
      <source>CUPS queue %1 on %2</source>
      <translation>CUPS 队列 %1（服务器 %2）</translation>
    </message>
    <message>
      <source>Camera %1</source>
      <translation>摄像头 %1</translation>
    </message>
    <message>
      <source>Camera (face check)</source>
      <translation>摄像头（人脸核验）</translation>
    </message>
    <message>
      <source>Camera sees a face (optional)</source>
      <translation>摄像头能看到人脸（可选）</translation>
    </message>
    <message>
      <source>Card reader reads a card</source>
      <translation>读卡器能读取证件</translation>
    </message>
    <message>
      <source>Code scanner</source>
      <translation>扫码器</translation>
    </message>
    <message>
      <source>Could not be opened: %1</source>
      <translation>无法打开：%1</translation>
    </message>
    <message>
      <source>Could not look for %1: %2</source>
      <translation>无法查找%1：%2</translation>
    </message>
    <message>
      <source>Enrolled with the service network</source>
      <translation>已在政务服务网注册</translation>
    </message>
    <message>
      <source>Error: %1</source>
      <translation>出错：%1</translation>
    </message>
    <message>
      <source>Faces seen: %1</source>
      <translation>看到人脸：%1 张</translation>
    </message>
    <message>
      <source>Faces seen: %1; the face model loaded in %2 s</source>
      <translation>看到人脸：%1 张；人脸模型加载用时 %2 秒</translation>
    </message>
    <message>
      <source>Gone: unplugged?</source>
      <translation>设备已不在：被拔掉了？</translation>
    </message>
    <message>
      <source>ID card reader</source>
      <translation>身份证读卡器</translation>
    </message>
    <message>
      <source>Keyboard-style scanner %1</source>
      <translation>键盘式扫码器 %1</translation>
    </message>
    <message>
      <source>Loading the face model (the first time takes a few seconds)…</source>
      <translation>正在加载人脸模型（第一次需要几秒钟）…</translation>
    </message>
    <message>
      <source>Looking for A4 printers (CUPS)</source>
      <translation>正在查找 A4 打印机（CUPS）</translation>
    </message>
    <message>
      <source>Looking for USB printers</source>
      <translation>正在查找 USB 打印机</translation>
    </message>
    <message>
      <source>Looking for a face in the picture…</source>
      <translation>正在照片中查找人脸…</translation>
    </message>
    <message>
      <source>Looking for cameras</source>
      <translation>正在查找摄像头</translation>
    </message>
    <message>
      <source>Looking for card readers (PC/SC)</source>
      <translation>正在查找读卡器（PC/SC）</translation>
    </message>
    <message>
      <source>Looking for scanners among the input devices</source>
      <translation>正在从输入设备中查找扫码器</translation>
    </message>
    <message>
      <source>Network printer at %1</source>
      <translation>网络打印机 %1</translation>
    </message>
    <message>
      <source>No camera is chosen. Pick one under "Change devices" (only needed where a service asks for the face check).</source>
      <translation>尚未选择摄像头。请在“更换设备”中选择（仅在有事项需要人脸核验时才需要）。</translation>
    </message>
    <message>
      <source>No permission to open it: the kiosk's user must be in group %1</source>
      <translation>无权打开：终端程序的用户须加入 %1 组</translation>
    </message>
    <message>
      <source>Not a camera: it does not answer the video API</source>
      <translation>不是摄像头：它不响应视频接口</translation>
    </message>
    <message>
      <source>Not a camera: it takes no pictures (%1)</source>
      <translation>不是摄像头：它不能拍照（%1）</translation>
    </message>
    <message>
      <source>Not a camera: the camera's metadata, not its picture (%1)</source>
      <translation>不是摄像头：这是摄像头的元数据接口，不是画面（%1）</translation>
    </message>
    <message>
      <source>Not a device for this: %1</source>
      <translation>不是可用于此处的设备：%1</translation>
    </message>
    <message>
      <source>Not asked: no known USB serial cable. If a printer or card reader is on it, enter it by hand, then look again</source>
      <translation>未询问：不是已知的 USB 串口线。如果上面接的是打印机或读卡器，请手动输入，再重新查找</translation>
    </message>
    <message>
      <source>Not configured</source>
      <translation>未配置</translation>
    </message>
    <message>
      <source>PC/SC reader named like "%1"</source>
      <translation>名称含“%1”的 PC/SC 读卡器</translation>
    </message>
    <message>
      <source>Part of the reader's name, or * for any</source>
      <translation>读卡器名称的一部分，或 * 表示任意</translation>
    </message>
    <message>
      <source>Printer prints a test page with a QR code</source>
      <translation>打印机能打印带二维码的测试页</translation>
    </message>
    <message>
      <source>Receipt printer</source>
      <translation>凭条打印机</translation>
    </message>
    <message>
      <source>Scanner reads a code (optional)</source>
      <translation>扫码器能读取二维码（可选）</translation>
    </message>
    <message>
      <source>Serial port %1</source>
      <translation>串口 %1</translation>
    </message>
    <message>
      <source>Serial port %1 at %2 baud</source>
      <translation>串口 %1，%2 波特</translation>
    </message>
    <message>
      <source>Settings saved</source>
      <translation>设置已保存</translation>
    </message>
    <message>
      <source>Simulated camera showing %1</source>
      <translation>模拟摄像头，显示 %1</translation>
    </message>
    <message>
      <source>Social security card reader</source>
      <translation>社保卡读卡器</translation>
    </message>
    <message>
      <source>Taking a picture…</source>
      <translation>正在拍照…</translation>
    </message>
    <message>
      <source>Technical detail: %1</source>
      <translation>技术详情：%1</translation>
    </message>
    <message>
      <source>That did not work: %1</source>
      <translation>操作未成功：%1</translation>
    </message>
    <message>
      <source>The CUPS queue's name</source>
      <translation>CUPS 打印队列名称</translation>
    </message>
    <message>
      <source>The camera did not give a picture: %1 Check its cable, or pick another camera, then test again.</source>
      <translation>摄像头没有给出画面：%1请检查连接线，或选择其他摄像头，然后再测试。</translation>
    </message>
    <message>
      <source>The camera works and sees %1 face(s). The picture was not kept.</source>
      <translation>摄像头工作正常，看到 %1 张人脸。照片未保存。</translation>
    </message>
    <message>
      <source>The camera works, but no face was seen. Stand in front of it in good light, then test again.</source>
      <translation>摄像头工作正常，但没有看到人脸。请在光线充足处站到摄像头前，然后再测试。</translation>
    </message>
    <message>
      <source>The face model could not be loaded. Reinstall the kiosk software, then test again.</source>
      <translation>人脸模型无法加载。请重新安装终端软件，然后再测试。</translation>
    </message>
    <message>
      <source>The network address starts with http:// or https://</source>
      <translation>网络地址须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
      <source>The service network did not answer: %1</source>
      <translation>政务服务网没有应答：%1</translation>
    </message>
    <message>
      <source>The service network refused: %1</source>
      <translation>政务服务网拒绝了：%1</translation>
    </message>
    <message>
      <source>There is no settings file to write: start the kiosk with --config</source>
      <translation>没有可写入的设置文件：请用 --config 启动终端</translation>
    </message>
    <message>
      <source>This one cannot be used: %1</source>
      <translation>这个设备不能使用：%1</translation>
    </message>
    <message>
      <source>USB %1, serial number %2</source>
      <translation>USB %1，序列号 %2</translation>
    </message>
    <message>
      <source>USB bus %1, device %2</source>
      <translation>USB 总线 %1，设备 %2</translation>
    </message>
    <message>
      <source>USB bus %1, device %2, serial number %3</source>
      <translation>USB 总线 %1，设备 %2，序列号 %3</translation>
    </message>
    <message>
      <source>USB printers</source>
      <translation>USB 打印机</translation>
    </message>
    <message>
      <source>cameras</source>
      <translation>摄像头</translation>
    </message>
    <message>
      <source>card readers (PC/SC)</source>
      <translation>读卡器（PC/SC）</translation>
    </message>
    <message>
      <source>not used</source>
      <translation>未使用</translation>
    </message>
    <message>
      <source>scanners among the input devices</source>
      <translation>输入设备中的扫码器</translation>
    </message>
    <message>
      <source>serial ports</source>
      <translation>串口</translation>
    </message>
  </context>
  <context>
    <name>queue</name>
    <message>
      <source>%1 people before you</source>
      <translation>前面还有 %1 人</translation>
    </message>
    <message>
      <source>%1 waiting</source>
      <translation>等候 %1 人</translation>
    </message>
    <message>
      <source>About %1 minutes</source>
      <translation>约 %1 分钟</translation>
    </message>
    <message>
      <source>Business services</source>
      <translation>法人办事</translation>
    </message>
    <message>
      <source>General counter</source>
      <translation>综合窗口</translation>
    </message>
    <message>
      <source>No numbers are given here at the moment. Please ask at the service desk.</source>
      <translation>本大厅现在没有可取号的业务，请到服务台咨询。</translation>
    </message>
    <message>
      <source>Numbers cannot be taken here right now. Please ask at the service desk.</source>
      <translation>暂时无法在本机取号，请到服务台咨询。</translation>
    </message>
    <message>
      <source>Personal services</source>
      <translation>个人办事</translation>
    </message>
    <message>
      <source>Please take your ticket below.</source>
      <translation>请取走下方的排队小票。</translation>
    </message>
    <message>
      <source>Priority: aged 70 or over</source>
      <translation>优先：70岁以上老人</translation>
    </message>
    <message>
      <source>Priority: appointment</source>
      <translation>优先：预约</translation>
    </message>
    <message>
      <source>The ticket could not be printed. Please remember your number.</source>
      <translation>小票未能打印，请记住您的号码。</translation>
    </message>
    <message>
      <source>This kiosk cannot give numbers. Please ask at the service desk.</source>
      <translation>本机不提供取号，请到服务台咨询。</translation>
    </message>
    <message>
      <source>This number cannot be given now. Please ask at the service desk.</source>
      <translation>暂时无法取号，请到服务台咨询。</translation>
    </message>
    <message>
      <source>You will be called soon</source>
      <translation>即将叫号</translation>
    </message>
  </context>
  <context>
    <name>rate</name>
    <message>
      <source>Dissatisfied</source>
      <translation>不满意</translation>
    </message>
    <message>
      <source>Fairly satisfied</source>
      <translation>基本满意</translation>
    </message>
    <message>
      <source>I had to come back more than once</source>
      <translation>跑了不止一次</translation>
    </message>
    <message>
      <source>It took too long</source>
      <translation>办理时间太长</translation>
    </message>
    <message>
      <source>Satisfied</source>
      <translation>满意</translation>
    </message>
    <message>
      <source>The guide was hard to understand</source>
      <translation>办事指南看不明白</translation>
    </message>
    <message>
      <source>The machine was hard to use</source>
      <translation>机器不好用</translation>
    </message>
    <message>
      <source>The staff were unhelpful</source>
      <translation>工作人员服务不好</translation>
    </message>
    <message>
      <source>This application has been rated already: each is rated once. Thank you for your rating.</source>
      <translation>这件办件已经评价过了，每件只能评价一次。感谢您的评价。</translation>
    </message>
    <message>
      <source>Too many materials were asked for</source>
      <translation>要求的材料太多</translation>
    </message>
    <message>
      <source>Very dissatisfied</source>
      <translation>非常不满意</translation>
    </message>
    <message>
      <source>Very satisfied</source>
      <translation>非常满意</translation>
    </message>
    <message>
      <source>Your rating could not be saved. Please try again or tell the staff.</source>
      <translation>评价没有保存成功，请再试一次或告诉工作人员。</translation>
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
    <name>results</name>
    <message>
      <source>%1 of %2 prints left</source>
      <translation>可打印 %1 份（共 %2 份）</translation>
    </message>
    <message>
      <source>Approval</source>
      <translation>批文</translation>
    </message>
    <message>
      <source>Certificate</source>
      <translation>证明</translation>
    </message>
    <message>
      <source>Licence</source>
      <translation>证照</translation>
    </message>
    <message>
      <source>The network cannot be reached. Please try again later.</source>
      <translation>网络暂时不通，请稍后再试。</translation>
    </message>
    <message>
      <source>There are no results to print yet. You will get an SMS when a result is ready.</source>
      <translation>暂时没有可打印的结果。结果可领取时会短信通知您。</translation>
    </message>
    <message>
      <source>This is not the QR code of a receipt. Please scan the QR code printed on your receipt.</source>
      <translation>这不是回执上的二维码，请扫描回执上打印的二维码。</translation>
    </message>
    <message>
      <source>“%1” is printing. Please take it from the A4 printer.</source>
      <translation>“%1”正在打印，请从A4打印机取走。</translation>
    </message>
    <message>
      <source>“%1” is waiting for the A4 printer and comes out when the printer is ready. Please ask the staff.</source>
      <translation>“%1”正在等待A4打印机，打印机恢复后会打出来。请找工作人员。</translation>
    </message>
  </context>
  <context>
    <name>selftest</name>
    <message>
      <source>%1 (built on this machine)</source>
      <translation>%1（在本机生成）</translation>
    </message>
    <message>
      <source>%1 (the source texts)</source>
      <translation>%1（原文）</translation>
    </message>
    <message>
      <source>%1 answers</source>
      <translation>%1 有应答</translation>
    </message>
    <message>
      <source>%1 answers, but is not healthy (cases wait in the queue until it is)</source>
      <translation>%1 有应答，但状态不正常（办件会在队列中等待，恢复后再上传）</translation>
    </message>
    <message>
      <source>%1 cannot be reached: %2 (cases wait in the queue until it is back)</source>
      <translation>无法连接 %1：%2（办件会在队列中等待，恢复后再上传）</translation>
    </message>
    <message>
      <source>%1 is missing: install fonts-noto-cjk</source>
      <translation>缺少 %1：请安装 fonts-noto-cjk</translation>
    </message>
    <message>
      <source>%1, %2 colours sampled</source>
      <translation>%1，采样到 %2 种颜色</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
    <message>
      <source>%1: cannot be used: %2</source>
      <translation>%1：无法使用：%2</translation>
    </message>
    <message>
      <source>%1: cases waiting by state: %2</source>
      <translation>%1：待上传的办件（按状态）：%2</translation>
    </message>
    <message>
      <source>%1: could not be asked: %2</source>
      <translation>%1：无法查询：%2</translation>
    </message>
    <message>
      <source>%1: in the settings, but this build does not use it</source>
      <translation>%1：设置中已配置，但此版本不使用它</translation>
    </message>
    <message>
      <source>%1: no case waiting</source>
      <translation>%1：没有待上传的办件</translation>
    </message>
    <message>
      <source>%1: not ready: %2</source>
      <translation>%1：不可用：%2</translation>
    </message>
    <message>
      <source>%1: ready</source>
      <translation>%1：正常</translation>
    </message>
    <message>
      <source>%1: ready, with a warning: %2</source>
      <translation>%1：可用，但有提醒：%2</translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>Back to the home screen</source>
      <translation>返回首页</translation>
    </message>
    <message>
      <source>Chinese font</source>
      <translation>中文字体</translation>
    </message>
    <message>
      <source>Could not go to this screen: %1</source>
      <translation>无法打开这个页面：%1</translation>
    </message>
    <message>
      <source>Device %1</source>
      <translation>设备 %1</translation>
    </message>
    <message>
      <source>Every required check passed.</source>
      <translation>所有必检项目均已通过。</translation>
    </message>
    <message>
      <source>Face check (model and camera)</source>
      <translation>人脸核验（模型和摄像头）</translation>
    </message>
    <message>
      <source>Failed: %1</source>
      <translation>未通过：%1</translation>
    </message>
    <message>
      <source>Hall kiosk %1 self-test</source>
      <translation>政务服务自助终端 %1 自检</translation>
    </message>
    <message>
      <source>Keyboard layout in use: %1</source>
      <translation>当前键盘布局：%1</translation>
    </message>
    <message>
      <source>Loaded</source>
      <translation>已加载</translation>
    </message>
    <message>
      <source>Local store</source>
      <translation>本机存储</translation>
    </message>
    <message>
      <source>No compiled translation (.qm), and no lrelease to build one</source>
      <translation>没有编译好的翻译（.qm），也没有可用来生成它的 lrelease</translation>
    </message>
    <message>
      <source>No libusb: USB printers will not be found</source>
      <translation>没有 libusb：找不到 USB 打印机</translation>
    </message>
    <message>
      <source>Not loaded (the kiosk is on %1)</source>
      <translation>未加载（终端停在 %1）</translation>
    </message>
    <message>
      <source>On %1</source>
      <translation>停在 %1</translation>
    </message>
    <message>
      <source>On-screen keyboard</source>
      <translation>屏幕键盘</translation>
    </message>
    <message>
      <source>Pinyin input</source>
      <translation>拼音输入</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>平台</translation>
    </message>
    <message>
      <source>Screen %1</source>
      <translation>页面 %1</translation>
    </message>
    <message>
      <source>Screens</source>
      <translation>页面</translation>
    </message>
    <message>
      <source>Service network</source>
      <translation>政务服务网</translation>
    </message>
    <message>
      <source>The face model loaded in %1 s; faces in the camera's picture: %2</source>
      <translation>人脸模型加载用时 %1 秒；摄像头画面中的人脸：%2 张</translation>
    </message>
    <message>
      <source>The window has no on-screen keyboard</source>
      <translation>窗口里没有屏幕键盘</translation>
    </message>
    <message>
      <source>The window has no screen loader</source>
      <translation>窗口里没有页面加载器</translation>
    </message>
    <message>
      <source>The window paints</source>
      <translation>窗口能正常绘制</translation>
    </message>
    <message>
      <source>Translation %1</source>
      <translation>翻译 %1</translation>
    </message>
    <message>
      <source>Translation in use</source>
      <translation>当前使用的翻译</translation>
    </message>
    <message>
      <source>USB printers can be found</source>
      <translation>能查找 USB 打印机</translation>
    </message>
    <message>
      <source>Window</source>
      <translation>窗口</translation>
    </message>
  </context>
  <context>
    <name>slip</name>
    <message>
      <source>It could not be printed. Please ask the staff.</source>
      <translation>没有打印出来，请找工作人员帮忙。</translation>
    </message>
    <message>
      <source>Printed. Please take the paper.</source>
      <translation>已打印，请取走。</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>正在打印……</translation>
    </message>
    <message>
      <source>This kiosk cannot print this page yet. You may take a photo of the screen or ask the staff for a paper copy.</source>
      <translation>本机暂时不能打印这一页。您可以用手机拍下屏幕，或请工作人员打印一份。</translation>
    </message>
  </context>
  <context>
    <name>staff</name>
    <message>
      <source>%1 (%2)</source>
      <translation>%1（%2）</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
    <message>
      <source>; </source>
      <translation>；</translation>
    </message>
    <message>
      <source>No payments for this case.</source>
      <translation>该办件没有缴费记录。</translation>
    </message>
    <message>
      <source>Receipt reprinted.</source>
      <translation>回执已补打。</translation>
    </message>
    <message>
      <source>Saved to %1</source>
      <translation>已保存到 %1</translation>
    </message>
    <message>
      <source>Say why in at most %1 characters.</source>
      <translation>退款原因请控制在%1个字以内。</translation>
    </message>
    <message>
      <source>Sending now.</source>
      <translation>正在发送。</translation>
    </message>
    <message>
      <source>Sent back to the queue.</source>
      <translation>已重新放入发送队列。</translation>
    </message>
    <message>
      <source>Staff mode is not set up on this kiosk.</source>
      <translation>本终端未设置工作人员模式。</translation>
    </message>
    <message>
      <source>Step 1 of 2: making the diagnostics bundle…</source>
      <translation>第 1 步，共 2 步：正在生成诊断包…</translation>
    </message>
    <message>
      <source>Step 2 of 2: sending %1 to the network…</source>
      <translation>第 2 步，共 2 步：正在上传 %1 …</translation>
    </message>
    <message>
      <source>That is not a registration code.</source>
      <translation>这不是有效的登记编码。</translation>
    </message>
    <message>
      <source>The bundle is larger than the network takes. Save it to a USB stick instead.</source>
      <translation>诊断包超过网络允许的大小，未能上传。请改为保存到U盘。</translation>
    </message>
    <message>
      <source>The diagnostics bundle could not be made: %1</source>
      <translation>诊断包生成失败：%1</translation>
    </message>
    <message>
      <source>The network cannot be reached, so the bundle was not sent. Save it to a USB stick instead.</source>
      <translation>当前无法连接政务服务网，诊断包未上传。请改为保存到U盘。</translation>
    </message>
    <message>
      <source>The network cannot be reached: cases stay on this kiosk and are sent when it is back.</source>
      <translation>连不上政务服务网：办件保存在本机，网络恢复后自动发送。</translation>
    </message>
    <message>
      <source>The network holds another case under this code</source>
      <translation>网络上已有同号的其他办件</translation>
    </message>
    <message>
      <source>The network received the diagnostics bundle (No. %1, %2).</source>
      <translation>政务服务网已收到诊断包（编号 %1，%2）。</translation>
    </message>
    <message>
      <source>The network refused the bundle: %1</source>
      <translation>政务服务网拒收诊断包：%1</translation>
    </message>
    <message>
      <source>The network refused this case</source>
      <translation>网络拒收此办件</translation>
    </message>
    <message>
      <source>The network refuses this kiosk (not enrolled, stopped, or a wrong network address): please call the technician.</source>
      <translation>政务服务网拒绝了本机（未注册、已停用或网络地址有误）：请联系技术人员。</translation>
    </message>
    <message>
      <source>The note about the damaged database was acknowledged.</source>
      <translation>已确认数据库损坏恢复说明。</translation>
    </message>
    <message>
      <source>The payment service cannot be reached now. Try again later.</source>
      <translation>暂时无法连接支付服务，请稍后再试。</translation>
    </message>
    <message>
      <source>Too many wrong attempts. Try again in %1 seconds.</source>
      <translation>错误次数过多，请 %1 秒后再试。</translation>
    </message>
    <message>
      <source>Write down why the money goes back.</source>
      <translation>请填写退款原因。</translation>
    </message>
    <message>
      <source>Wrong PIN.</source>
      <translation>密码错误。</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>已撤销</translation>
    </message>
    <message>
      <source>closed unpaid</source>
      <translation>已关闭（未支付）</translation>
    </message>
    <message>
      <source>declined</source>
      <translation>支付失败</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从未</translation>
    </message>
    <message>
      <source>not paid</source>
      <translation>未支付</translation>
    </message>
    <message>
      <source>paid</source>
      <translation>已支付</translation>
    </message>
    <message>
      <source>refunded</source>
      <translation>已退款</translation>
    </message>
    <message>
      <source>starting</source>
      <translation>正在下单</translation>
    </message>
    <message>
      <source>waiting for the payer</source>
      <translation>等待付款人确认</translation>
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
      <source>Sent to the service network</source>
      <translation>已发送到政务服务网</translation>
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
      <translation>登记编码是20位数字，您输入了 %1 位。</translation>
    </message>
    <message>
      <source>A registration code has only the digits 0-9.</source>
      <translation>登记编码只包含数字0-9。</translation>
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
      <source>No applications were found for this ID card.</source>
      <translation>这张身份证没有查到办件。</translation>
    </message>
    <message>
      <source>Online</source>
      <translation>网上办理</translation>
    </message>
    <message>
      <source>Self-service kiosk</source>
      <translation>自助终端</translation>
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
    <message>
      <source>This is not the QR code of a receipt. Please scan the QR code printed on your receipt.</source>
      <translation>这不是办件回执上的二维码，请扫描回执上印的二维码。</translation>
    </message>
  </context>
  <context>
    <name>voice</name>
    <message>
      <source>A member of staff will confirm who you are. Please wait for the staff.</source>
      <translation>将由工作人员核实您的身份，请稍候。</translation>
    </message>
    <message>
      <source>Are you still there? Touch “Continue” to keep going.</source>
      <translation>您还在吗？要继续办理请点“继续”。</translation>
    </message>
    <message>
      <source>Choose the service you need, or type its name to search.</source>
      <translation>请选择要办理的事项，也可以输入名称查找。</translation>
    </message>
    <message>
      <source>Enter your organisation's unified social credit code and name, as on the business licence, and say whether you are its legal representative or its authorised agent.</source>
      <translation>请按营业执照填写单位的统一社会信用代码和名称，并选择您是法定代表人还是授权代理人。</translation>
    </message>
    <message>
      <source>First put your own ID card on the reader: you are applying for someone else.</source>
      <translation>您是帮别人代办，请先把您本人的身份证放在读卡区。</translation>
    </message>
    <message>
      <source>How satisfied are you with this service? Touch one answer.</source>
      <translation>您对这次办事满意吗？请点一个选项。</translation>
    </message>
    <message>
      <source>Now put the ID card of the person you are applying for on the reader.</source>
      <translation>现在请把被代办人的身份证放在读卡区。</translation>
    </message>
    <message>
      <source>Please check your application, then touch “Submit”.</source>
      <translation>请核对申请内容，无误后点“确认提交”。</translation>
    </message>
    <message>
      <source>Please fill in the form. Every item with a star must be filled in.</source>
      <translation>请填写申请表，带星号的项目必须填写。</translation>
    </message>
    <message>
      <source>Please look straight at the camera above the screen, then touch the button.</source>
      <translation>请正对屏幕上方的摄像头，然后点击按钮。</translation>
    </message>
    <message>
      <source>Please put your ID card on the reader, or insert your social security card, then touch the big button.</source>
      <translation>请把身份证放在读卡区，或插入社保卡，然后点大按钮。</translation>
    </message>
    <message>
      <source>Please read the commitment letter, then sign with your finger in the box.</source>
      <translation>请阅读告知承诺书，然后用手指在框内签名。</translation>
    </message>
    <message>
      <source>Put each material under the document camera and touch “Take a photo”. If you do not have one, go on.</source>
      <translation>请把材料逐一放在高拍仪下，点“拍照”。没有的材料可以直接下一步。</translation>
    </message>
    <message>
      <source>Put your ID card on the reader, or scan the QR code on your receipt.</source>
      <translation>请放身份证，或扫描回执上的二维码。</translation>
    </message>
    <message>
      <source>Question %1 of %2: %3.</source>
      <translation>第 %1 项，共 %2 项：%3。</translation>
    </message>
    <message>
      <source>Some materials are still missing. They are all listed on the screen. You may promise to hand them in later, or print the list.</source>
      <translation>还缺少一些材料，屏幕上已全部列出。您可以承诺后补交，也可以打印清单。</translation>
    </message>
    <message>
      <source>Thank you for your rating.</source>
      <translation>谢谢您的评价。</translation>
    </message>
    <message>
      <source>The staff will type in the name and ID number from the household register.</source>
      <translation>工作人员将按户口簿录入姓名和公民身份号码。</translation>
    </message>
    <message>
      <source>This is the service guide: who can apply, what to bring, the fee and the time it takes. Touch “Start my application” when you are ready.</source>
      <translation>这是办事指南：办理条件、需要带的材料、收费和办理时限。准备好了请点“开始办理”。</translation>
    </message>
    <message>
      <source>Touch Print beside the document you want. Take it from the A4 printer.</source>
      <translation>请点文书旁的“打印”，然后从A4打印机取走文书。</translation>
    </message>
    <message>
      <source>Touch the business you came for. With an appointment, or if you are 70 or older, put your ID card on the reader first.</source>
      <translation>请点选您要办理的业务。已预约或年满70岁的，请先刷身份证。</translation>
    </message>
    <message>
      <source>Type the code on your receipt, scan its QR code, or put your ID card on the reader.</source>
      <translation>请输入回执上的登记编码，或扫描回执二维码，或把身份证放在读卡区。</translation>
    </message>
    <message>
      <source>We are sorry. What went wrong? Touch all that apply, then “Send”.</source>
      <translation>很抱歉。哪里做得不好？请点选，然后点“提交评价”。</translation>
    </message>
    <message>
      <source>Welcome. Touch what you want to do: personal services, business services, or check an application.</source>
      <translation>您好！请点击您要办理的事项：个人办事、法人办事，或查询办件进度。</translation>
    </message>
    <message>
      <source>Who is this application for? Touch “For myself” or “For someone else”.</source>
      <translation>请问您是给谁办理？请点“为本人办理”或“帮别人代办”。</translation>
    </message>
    <message>
      <source>Your application is registered. Please take your receipt and keep the code on it.</source>
      <translation>您的申请已登记。请取走回执，保管好上面的登记编码。</translation>
    </message>
    <message>
      <source>Your number is %1. Please take your ticket and wait to be called.</source>
      <translation>您的号码是%1。请取走小票，等候叫号。</translation>
    </message>
  </context>
</TS>
