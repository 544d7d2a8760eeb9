"""The catalogue of diagnostic codes: the one place where every message is worded.

Codes are stable: once published, a code keeps its meaning (documentation, CI logs and
people's notes refer to them). Retire a code rather than reuse it.

Families: Y file and YAML, S structure (JSON Schema), G placement in the tree, P policy
editions and measures, R registry, M measure references, A applications, C recommendation
lists, N official notices, W rich text that will not render as written (warnings), T
deadlines, U authorisation of changes, F every other entry of the data folders (attachments,
hidden files, links).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Code:
    title: str
    message: str  # str.format template
    hint: str | None = None
    source: str | None = None
    severity: str = "error"


CODES: dict[str, Code] = {
    # --- Y: reading the file -------------------------------------------------------------
    "Y001": Code("文件过大", "文件有 {size} 字节，超过数据文件上限 {limit} 字节",
                 "附件（图片、PDF）请放在申报目录中，不要写进 YAML 文件"),
    "Y002": Code("不是 UTF-8 编码", "文件不是 UTF-8 编码（遇到字节 {byte}）",
                 "请用 UTF-8 编码另存（记事本：另存为 → 编码选 UTF-8）"),
    "Y003": Code("YAML 语法错误", "YAML 语法错误：{problem}",
                 "检查这一行和上一行的缩进（只用空格）、冒号和引号"),
    "Y004": Code("重复的字段", "字段“{key}”在同一层出现了两次，后一个会悄悄覆盖前一个",
                 "删去或合并其中一个"),
    "Y005": Code("不允许锚点", "不允许使用锚点“&{anchor}”",
                 "数据文件里请把内容直接写出来，不要用 & 和 * 引用"),
    "Y006": Code("不允许别名", "不允许使用别名“*{anchor}”",
                 "数据文件里请把内容直接写出来，不要用 & 和 * 引用"),
    "Y007": Code("不允许合并键", "不允许使用合并键“<<”", "请把要合并的字段直接写出来"),
    "Y008": Code("只能有一个文档", "一个文件只能有一个 YAML 文档（出现了第二个“---”）",
                 "每项申报、名单或通报各用一个文件"),
    "Y009": Code("不允许类型标签", "不允许使用类型标签“{tag}”",
                 "去掉以“!”开头的标签；值是文字、数字还是日期，由网站“字段说明”页规定"),
    "Y010": Code("不允许复杂键", "字段名必须是简单文字，不能是列表或映射", None),
    "Y011": Code("嵌套过深", "嵌套超过 {limit} 层", "数据文件不需要这么深的结构，请检查缩进"),
    "Y012": Code("无法读取文件", "无法读取文件：{reason}", None),
    # Y020–Y029: the typing mistakes clerks make, named at the character that is wrong
    "Y020": Code("字段名后是全角冒号", "字段名“{key}”后面是全角冒号“：”，YAML 只认半角冒号“:”",
                 "改为“{key}: ”（半角冒号，后面加一个空格）；切换到英文输入法再输入冒号"),
    "Y021": Code("冒号后缺少空格", "字段名“{key}”的冒号“:”后面缺少空格，整行会被当作一段文字",
                 "在冒号后加一个空格：“{key}: {value}”"),
    "Y022": Code("缩进不对", "{problem}", "只用空格缩进；同一层的字段左端对齐，下一层比上一层多缩进两个空格"),
    "Y023": Code("用了制表符缩进", "第 {at} 列是制表符（Tab 键），YAML 只能用空格缩进",
                 "把这一行开头的制表符换成空格（编辑器中可设置“按 Tab 键插入空格”）"),
    "Y024": Code("正文没有缩进", "这一行看来是“{key}”的正文，但没有缩进，正文在上一行就结束了",
                 "“{key}: |”下面的每一行正文都要比“{key}”多缩进至少两个空格（空行除外）"),
    "Y027": Code("引号没有配对", "“{key}”的值以引号“{quote}”开头，但这一行没有与它配对的“{quote}”，后面的内容都会被当作这个值",
                 "在值的末尾补上“{quote}”；值里要用引号时，请用中文引号“”"),
    "Y025": Code("半角括号", "“{where}”的值“{value}”用了半角括号“()”，应为全角括号“（）”",
                 "改为“{expected}”"),
    "Y026": Code("全角数字", "“{where}”的值“{value}”用了全角数字（如“{digit}”），这里只认半角数字",
                 "改为“{fixed}”（切换到英文输入法或半角状态再输入数字）"),
    "Y013": Code("含不可见字符或控制字符", "这里有一个{char}：屏幕上看不见它，它却会改变文字的显示或让文件被误读",
                 "这种字符通常是从网页、Word 或 PDF 复制文字时带进来的。请删掉它（编辑器里可打开“显示不可见字符”），"
                 "或先把文字粘贴到记事本再复制过来"),
    "Y014": Code("转义后含控制字符", "双引号中的“{escape}”会被读成{char}",
                 "文件路径或文字中的反斜杠请改用单引号括起整个值，或把反斜杠写成两个（\\\\）"),
    # --- S: structure (the JSON Schemas in schema/) ---------------------------------------
    "S001": Code("缺少必填字段", "缺少必填字段“{field}”{title}",
                 "参照网站“字段说明”页，或用 jili new 生成的模板补上"),
    "S002": Code("未知字段", "不认识的字段“{field}”{allowed}", "检查拼写；只能使用网站“字段说明”页列出的字段"),
    "S003": Code("类型不对", "“{where}”应为{expected}，实际是{actual}", None),
    "S004": Code("不是可选值", "“{where}”的值“{value}”不在可选值中；可选：{options}", None),
    "S005": Code("格式不对", "“{where}”的值“{value}”格式不对：{expected}", None),
    "S006": Code("长度不对", "“{where}”{problem}", None),
    "S007": Code("数值超出范围", "“{where}”的值 {value} {problem}", None),
    "S008": Code("项数不对", "“{where}”{problem}", None),
    "S009": Code("列表有重复项", "“{where}”中有重复的项", None),
    "S010": Code("写法不对", "“{where}”{problem}：{options}", None),
    "S011": Code("缺少字段说明声明", "文件第一行应为字段说明声明（编辑器据此提示每个字段的写法）",
                 "在第一行加上：{expected}"),
    "S012": Code("字段说明声明不对", "第一行的字段说明声明指向“{found}”，应为“{expected}”",
                 "把第一行改为：# yaml-language-server: $schema={expected}"),
    # --- G: where a file sits -------------------------------------------------------------
    "G001": Code("文件位置不对", "不认识这个位置的 YAML 文件", "数据文件只能放在：{places}"),
    "G002": Code("目录与内容不一致", "{what}为“{found}”，但文件所在位置要求为“{expected}”",
                 "把文件移到正确的目录，或改正这个字段"),
    # --- P: policy editions and measures --------------------------------------------------
    "P001": Code("措施编号不对", "{problem}", "措施编号应从 1 开始连续，且与版次声明的措施数一致"),
    "P002": Code("单位不在名录中", "“{name}”在 {year} 年的部门名录（registry/departments）中找不到",
                 "单位名称须与通知原文一致，并在名录中登记（名称或别称）"),
    "P003": Code("时间节点顺序不对", "时间节点“{id}”（{date}）早于前一个节点“{prev}”（{prev_date}）", None),
    "P004": Code("编号重复", "编号“{id}”与{other}重复", "每个编号只能使用一次"),
    "P005": Code("时间节点引用不存在", "时间节点“{id}”引用的“{ref}”不存在", None),
    "P006": Code("原文摘录不符", "“{field}”的值“{value}”{problem}",
                 "摘录须逐字取自本措施原文"),
    "P007": Code("数据结构与项目设置不一致", "数据结构说明 {schema} 中的{what}为“{found}”，项目设置为“{expected}”",
                 "项目设置 programme.yaml 是{what}的唯一来源：把数据结构说明中的可选值改成与它一致（顺序也一致），"
                 "编辑器和校验才不会各说各的"),
    "P008": Code("时间节点不属于任何步骤", "时间节点“{id}”的步骤“{step}”不是项目设置中的步骤（{steps}）",
                 "步骤名称须与 programme.yaml 的 steps 一致"),
    "P009": Code("项目设置有矛盾", "{problem}", "改正 programme.yaml"),
    "P010": Code("没有项目设置", "仓库顶层没有项目设置文件 {file}",
                 "每个仓库都要有 programme.yaml，写明辖区、申报单位的种类、激励对象层级和一轮的步骤；可参照 examples/province/"),
    "P011": Code("本轮结束情况与通报不符",
                 "{year} 年度的结束方式是“{outcome}”（正式名单以本仓库中的通报发布），但 {folder} 中没有已发布的通报",
                 "通报发布（status: published）后再记为 {outcome}；"
                 "正式名单在本仓库之外发布的，结束方式写 {elsewhere} 并填写文号和日期"),
    # --- R: registry ----------------------------------------------------------------------
    "R001": Code("名录编号重复", "名录编号“{id}”已在 {other} 中使用", None),
    "R002": Code("名称冲突", "名称“{name}”{years}同时指向“{a}”和“{b}”", "名称和别称在同一时期必须唯一"),
    "R003": Code("有效期不对", "有效期起始年 {start} 晚于终止年 {end}", None),
    "R004": Code("引用的单位不存在", "“{ref}”不是名录中的{kind}", None),
    "R005": Code("前后沿革引用不存在", "“{ref}”不在名录中", None),
    "R006": Code("编号与文件名不一致", "名录编号“{id}”与文件名“{stem}”不一致", "文件名应为 <编号>.yaml"),
    "R010": Code("应填编号", "{field}应填名录编号，不是名称：{named}的编号是 {id}",
                 "改为 {key}: {written}"),
    "R011": Code("不认识的单位", "“{value}”不是名录编号，也不是名录中{kind}的名称",
                 "{field}填名录编号{guess}"),
    "R012": Code("下一级单位的代码与所属单位不符", "{subunit}“{name}”的代码 {number} 不以所属单位的代码 {region} 开头",
                 "统计用区划代码的前 6 位是所属区县的代码"),
    "R013": Code("下一级单位重复", "{what}“{value}”{years}{problem}",
                 "同一单位在同一时期，一个名称、一个代码只能对应一个{subunit}"),
    # --- M: references to a measure -------------------------------------------------------
    "M001": Code("没有这项措施", "{year} 年的政策中没有第 {number} 项措施（共 {count} 项）",
                 "措施编号见 measures/{year}/ 或网站“激励措施”页"),
    "M002": Code("没有这一年的政策", "没有 {year} 年的政策版次（measures/{year}/edition.yaml）", None),
    # --- A: applications -----------------------------------------------------------------
    "A001": Code("申报单位无效", "“{applicant}”不是 {year} 年有效的{applicant_kinds}",
                 "申报单位填名录编号：{applicant_id_hint}（见 registry/）"),
    "A002": Code("对象层级不符合措施", "第 {number} 项措施的激励对象是“{levels_text}”，不含“{level}”",
                 "只能申报措施原文列明的对象层级：{levels}"),
    "A003": Code("对象不属于申报单位", "{level}“{name}”登记的所属单位为“{parent}”，不是申报单位“{applicant}”",
                 "申报单位只能为本单位所辖的{level}申报"),
    "A004": Code("重复申报", "{applicant}已在 {other} 中申报了第 {number} 项措施",
                 "每个单位每项措施只能有一份申报材料；请合并到一个文件"),
    "A005": Code("对象不是申报单位本身", "{problem}",
                 "申报单位只能以本单位名义申报；所辖的{subunit}请用“{subunit}”层级"),
    "A006": Code("对象重复", "对象“{name}”在本申报中列了两次", None),
    "A007": Code("佐证材料不可用", "佐证材料“{ref}”{problem}", "附件须放在本单位申报目录内，用相对路径引用"),
    "A008": Code("名称含可疑字符", "“{name}”含有不可见或易混淆的字符：{chars}",
                 "请直接输入规范汉字名称，不要从网页或文档中复制带格式的文字"),
    "A009": Code("这种单位不能申报下一级对象", "{kind}“{applicant}”不能申报{level}对象",
                 "{level}由所属的{owner}申报"),
    "A010": Code("没有这个下一级单位", "{region}在 {year} 年没有名为“{name}”的{subunit}",
                 "{guess}"),
    "A011": Code("下一级单位属于其他单位", "“{name}”是{other}的{subunit}，不是{region}的",
                 "申报单位只能为本单位所辖的{subunit}申报{guess}"),
    "A012": Code("下一级单位这一年无效", "“{name}”{period}，{year} 年{region}没有这个{subunit}",
                 "{guess}"),
    "A013": Code("联系电话是手机号", "联系电话是手机号，请改填办公电话",
                 "数据仓库对能访问它的人公开，个人手机号不要写进文件；联系人信息不会在网站和开放数据中公开",
                 source="{guide}：报送申报材料（联系人请填写办公电话）",
                 severity="warning"),
    # --- C: recommendation lists (部门推荐) -----------------------------------------------
    "C001": Code("推荐单位不是牵头单位", "“{sender}”不是第 {number} 项措施的牵头单位（牵头单位：{leads}）", None),
    "C002": Code("引用的申报不存在", "没有找到{applicant}对第 {number} 项措施的申报材料（{file}）", None),
    "C003": Code("引用的申报未通过校验", "{applicant}对第 {number} 项措施的申报材料有错误，不能推荐",
                 "先修正 {file} 中的错误"),
    "C004": Code("对象不在申报中", "“{nominee}”不是{applicant}申报材料中的{level}对象", None),
    "C005": Code("名单内重复", "“{nominee}”在名单中出现了两次", None),
    "C006": Code("排名不对", "“{level}”类中的排名应为 1 到 {count} 各一次，实际为 {ranks}", None),
    "C007": Code("分类重复", "分类“{level}”出现了两次", "同一层级的对象请列在同一个分类下"),
    "C008": Code("分类不是措施规定的层级", "第 {number} 项措施的激励对象是“{levels_text}”，不含“{level}”",
                 "只能按措施原文列明的对象层级分类：{levels}"),
    # --- N: official notices (通报) -------------------------------------------------------
    "N001": Code("未经推荐", "“{nominee}”（{applicant}）不在第 {number} 项措施的任何一份激励推荐名单中",
                 "正式名单只能从牵头部门的激励推荐名单中产生"),
    "N002": Code("已发布的通报不能修改", "通报已于 {date} 发布，内容不能再改动（改动了“{field}”）",
                 "更正请在 errata 末尾追加一条勘误（日期、文号、更正内容），其余内容保持不变"),
    "N003": Code("已发布的通报不能删除", "已发布的通报 {file} 被删除", "已发布的通报只能以勘误更正"),
    "N004": Code("勘误日期不对", "勘误日期 {date} {problem}", None),
    "N005": Code("措施重复列出", "第 {number} 项措施在通报中列了两次", None),
    "N006": Code("对象重复", "“{nominee}”在第 {number} 项措施下列了两次", None),
    "N007": Code("发布单位不对", "“{issuer}”{problem}", "可署名发布通报的单位：{issuers}"),
    # --- W: rich text (Markdown) that will not show as written: warnings -----------------------
    "W001": Code("列表前缺少空行", "列表前面没有空行，网站会把它和上一行连成一段文字，不显示为列表",
                 "在这一行前面加一个空行", severity="warning"),
    "W002": Code("井号后缺少空格", "行首的“{marks}”后面没有空格：网站会把这一行显示为标题，编辑器和其他预览则不会",
                 "是标题就在“{marks}”后加一个空格；不是标题就改用全角“＃”", severity="warning"),
    "W003": Code("列表符号后缺少空格", "行首的“{mark}”后面没有空格，网站不会把它显示为列表项",
                 "在“{mark}”后面加一个空格，并在列表前空一行", severity="warning"),
    "W004": Code("分行会连成一段", "这一行以“{mark}”开头，但和上一行在同一段中：网站会把它们连成一段文字",
                 "要分行显示，就在两行之间空一行；或改写成列表（“- ”或“1. ”开头，列表前空一行）",
                 severity="warning"),
    "W005": Code("列表后缺少空行", "列表后面的文字没有空一行，网站会把它并入上一个列表项",
                 "在列表和这一行之间加一个空行", severity="warning"),
    "N008": Code("文号重复", "文号“{number}”已用于 {other}", "每份通报的文号都不相同；同一通报的更正请用勘误"),
    "N009": Code("重复通报", "{year} 年第 {number} 项措施的“{nominee}”（{applicant}）已在 {other} 中通报",
                 "同一激励对象只能在一份通报中公布一次；更正请在原通报中追加勘误"),
    # --- F: every other entry of the data folders (attachments, hidden files, links) ----------
    "F001": Code("隐藏文件", "数据目录中不能有隐藏的{what}（“{part}”，以“.”开头）：{name}",
                 "隐藏文件（如 .gitattributes、.gitignore）能改变 Git 和审核页面对其他文件的处理，审核时不易察觉；"
                 "请删除它。附件请用普通文件名"),
    "F002": Code("符号链接", "“{name}”是符号链接（指向“{target}”），数据目录中只能放文件本身",
                 "删除这个链接，把文件本身放进来"),
    "F003": Code("子模块", "“{name}”是 Git 子模块，数据目录中只能放文件本身",
                 "用 git rm --cached 删除子模块，把需要的文件直接放进来"),
    "F004": Code("可执行文件", "“{name}”带有可执行权限，数据和附件都不需要",
                 "去掉可执行权限：git update-index --chmod=-x 加上文件路径，然后提交"),
    "F005": Code("附件类型不允许", "“{name}”的类型（{suffix}）不在允许的范围内；允许：{types}",
                 "请另存为允许的格式（如 PDF），网页、压缩包和程序不能作为佐证材料"),
    "F006": Code("内容与扩展名不符", "“{name}”的扩展名是 {expected}，但文件内容是{found}",
                 "请用原来的程序另存为正确的格式，不要只改扩展名"),
    "F007": Code("文件过大", "“{name}”有 {size}，超过单个文件的上限 {limit}",
                 "请压缩图片、降低扫描分辨率或拆成几个文件"),
    "F008": Code("申报目录过大", "{applicant}的申报目录共 {size}，超过上限 {limit}",
                 "请压缩图片、降低扫描分辨率，或删去不需要的附件"),
    "F009": Code("附件没有被引用", "附件“{name}”没有被本单位目录中的任何申报材料引用",
                 "在申报材料的佐证材料（evidence）中写 file: {ref} 引用它，或删除这个文件"),
    "F010": Code("文件位置不对", "这里不能放文件；数据目录中除数据文件外只能有：{places}",
                 "把文件移到本单位申报目录中作为佐证材料并引用它，或删除它"),
    "F011": Code("文件名含特殊字符", "文件名“{name}”含有{chars}",
                 "请给文件改一个只含汉字、字母、数字、短横线和下划线的名字"),
    "F012": Code("文件名只差大小写", "“{name}”与同一目录中的“{other}”只差字母大小写，"
                 "在 Windows 和 macOS 上会变成同一个文件", "删去或改名其中一个"),
    "F013": Code("目录名只差大小写", "目录“{name}”与数据目录“{root}”只差字母大小写，其中的文件不会被当作数据检查",
                 "把文件移到“{root}”中，并删除这个目录"),
    # --- T: deadlines ---------------------------------------------------------------------
    "T001": Code("申报已截止", "{kind}截止时间为 {deadline}（北京时间），按{basis} {now} 判断已逾期",
                 "逾期材料不能再提交或修改；如有特殊情况请联系{supervision}"),
    # --- U: who may change what -----------------------------------------------------------
    "U001": Code("无权改动", "账号“{actor}”（{role}的经办账号）不能改动此文件：{what}只能由{owners}改动",
                 "每个拉取请求只改动本单位的文件；其他单位的材料由该单位自己提交。"
                 "如账号登记有误，请联系{supervision}更正名录中的经办账号（maintainers）"),
    "U002": Code("一次只能为一个单位申报", "本次改动涉及 {count} 个申报单位的申报材料：{applicants}",
                 "每个拉取请求只改动一个单位的申报材料，请拆成多个拉取请求"),
    "U003": Code("账号不在名录中", "账号“{actor}”没有在名录中登记为任何单位的经办账号，不能改动数据文件（{what}）",
                 "请本单位联系{supervision}，把个人账号 @{actor}（代码托管平台上的登录名）加入本单位名录文件的 maintainers"
                 "（只登记团队不够：离线检查无法核对团队成员）"),
    "U005": Code("只有督查机构能改动", "账号“{actor}”（{role}）不能改动此路径{why}：{what}只能由{supervision}改动",
                 "各单位只能改动本单位数据目录中的文件（申报材料在 submissions/<年度>/<本单位编号>/，"
                 "推荐名单在 awards/<年度>/recommendations/<措施编号>/<本部门编号>.yaml）；"
                 "程序、数据结构、工作流、测试、文档等的修改请联系{supervision}"),
    "U004": Code("CODEOWNERS 已过期", "{file} 与名录和政策数据不一致：{problem}",
                 "运行 {command} 重新生成，并与名录或措施的改动一起提交"),
}
