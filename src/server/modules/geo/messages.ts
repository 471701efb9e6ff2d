// Messages of the geo module: its error codes, and the wording of each finding of the grid import report.
import type { Catalogue } from '../../platform/i18n/messages.ts';

const errors: Catalogue = {
  DIVISION_NOT_FOUND: { 'zh-CN': '行政区划代码不存在：{code}', en: 'No such administrative division code: {code}' },
  DIVISION_BOUNDARY_NOT_FOUND: {
    'zh-CN': '行政区划 {code} 尚无边界数据',
    en: 'The division {code} has no boundary on record',
  },
  GRID_NOT_FOUND: { 'zh-CN': '网格不存在：{code}', en: 'No such grid: {code}' },
  GRID_VERSION_NOT_FOUND: { 'zh-CN': '网格版本不存在：{version}', en: 'No such grid version: {version}' },
  GEOJSON_MALFORMED: {
    'zh-CN': '不是合法的 GeoJSON FeatureCollection：{problem}',
    en: 'Not a valid GeoJSON FeatureCollection: {problem}',
  },
  GRID_IMPORT_EMPTY: {
    'zh-CN': '导入文件中没有网格要素；新版本不能为空',
    en: 'The upload holds no grid features; a new version cannot be empty',
  },
  GRID_IMPORT_TOO_MANY_FEATURES: {
    'zh-CN': '一次最多导入 {max} 个网格，本次 {count} 个',
    en: 'At most {max} grids per import; this one has {count}',
  },
  GRID_IMPORT_INVALID: {
    'zh-CN': '网格数据有 {errorCount} 处错误，未做任何导入；请按报告逐条修改后重试',
    en: 'The grids have {errorCount} errors; nothing was imported. Fix each finding of the report and try again',
  },
  GRID_IMPORT_IN_PROGRESS: {
    'zh-CN': '另一个网格导入正在进行，请稍后重试',
    en: 'Another grid import is in progress; try again shortly',
  },
  ASSIGNMENT_NOT_FOUND: { 'zh-CN': '找不到该网格人员安排', en: 'No such grid assignment' },
  ASSIGNMENT_USER_NOT_FOUND: {
    'zh-CN': '用户 {userId} 不存在或已停用',
    en: 'User {userId} does not exist or is disabled',
  },
  ASSIGNMENT_DATES_INVALID: {
    'zh-CN': '结束日期 {validTo} 必须晚于开始日期 {validFrom}',
    en: 'The end date {validTo} must be after the start date {validFrom}',
  },
  ASSIGNMENT_END_NOT_EARLIER: {
    'zh-CN': '只能提前结束：该安排现定于 {current} 结束，不能改到 {validTo}',
    en: 'An end can only be brought forward: this assignment ends on {current}, not later on {validTo}',
  },
  ASSIGNMENT_DUPLICATE: {
    'zh-CN': '该用户在此期间已是本网格的{roleLabel}',
    en: 'This user already holds the role {role} on this grid in that period',
  },
  ASSIGNMENT_OVERLAP: {
    'zh-CN': '本网格已有从 {validFrom} 起生效的{roleLabel}安排，不能在其之前再开始一个',
    en: 'This grid already has a {role} from {validFrom}; a new one cannot start before it',
  },
  ASSIGNMENT_ALREADY_ENDED: {
    'zh-CN': '该安排已于 {validTo} 结束',
    en: 'This assignment already ended on {validTo}',
  },
  ADDRESS_IMPORT_INVALID: {
    'zh-CN': '地址文件有 {errorCount} 处错误，未做任何导入；请按清单修改后重试',
    en: 'The address file has {errorCount} errors; nothing was imported. Fix each listed row and try again',
  },
  PLACE_IMPORT_INVALID: {
    'zh-CN': '地点数据有 {errorCount} 处错误，未做任何导入；请按清单修改后重试',
    en: 'The places have {errorCount} errors; nothing was imported. Fix each listed item and try again',
  },
};

/** One entry per ImportProblem kind (import-features.ts); {feature}, {polygon} and {ring} count from 1 here
 * (import-report.ts), while the report's featureIndex/ring fields are 0-based indexes. */
const problems: Catalogue = {
  GRID_PROBLEM_FEATURE_INVALID: {
    'zh-CN': '第 {feature} 个要素不是 GeoJSON Feature',
    en: 'Feature {feature} is not a GeoJSON Feature',
  },
  GRID_PROBLEM_GEOMETRY_TYPE: {
    'zh-CN': '第 {feature} 个要素的几何类型为 {type}，应为 Polygon 或 MultiPolygon',
    en: 'Feature {feature} has geometry type {type}; expected Polygon or MultiPolygon',
  },
  GRID_PROBLEM_CODE_FORMAT: {
    'zh-CN': '第 {feature} 个要素的网格编码“{value}”不正确：应为 {length} 位数字（社区代码 12 位 + 序号 {width} 位）',
    en: 'Feature {feature}: grid code "{value}" is invalid; expected {length} digits (12-digit community code + {width}-digit sequence)',
  },
  GRID_PROBLEM_NAME_MISSING: {
    'zh-CN': '第 {feature} 个要素缺少网格名称（1–100 字）',
    en: 'Feature {feature} has no grid name (1–100 characters)',
  },
  GRID_PROBLEM_TYPE_INVALID: {
    'zh-CN': '第 {feature} 个要素的网格类型“{value}”无效：应为 urban/rural/special（城市网格/农村网格/专属网格）',
    en: 'Feature {feature}: grid type "{value}" is invalid; expected urban, rural or special',
  },
  GRID_PROBLEM_UNCLOSED_RING: {
    'zh-CN': '第 {feature} 个要素（{code}）的第 {ring} 个环首尾不闭合',
    en: 'Feature {feature} ({code}): ring {ring} does not end where it starts',
  },
  GRID_PROBLEM_TOO_FEW_POINTS: {
    'zh-CN': '第 {feature} 个要素（{code}）的第 {ring} 个环点数不足（至少 3 个角点，首尾相同共 4 个点）',
    en: 'Feature {feature} ({code}): ring {ring} has too few points (3 corners and the first again)',
  },
  GRID_PROBLEM_SELF_INTERSECTION: {
    'zh-CN': '第 {feature} 个要素（{code}）的边界自相交',
    en: 'Feature {feature} ({code}): the outline crosses itself',
  },
  GRID_PROBLEM_NON_FINITE: {
    'zh-CN': '第 {feature} 个要素（{code}）含有非数值坐标（NaN、Infinity 或非数字）',
    en: 'Feature {feature} ({code}) has a coordinate that is not a finite number (NaN, Infinity or not a number)',
  },
  GRID_PROBLEM_OUT_OF_RANGE: {
    'zh-CN': '第 {feature} 个要素（{code}）的坐标超出经度 ±180、纬度 ±90 的范围',
    en: 'Feature {feature} ({code}) has a coordinate outside longitude ±180 / latitude ±90',
  },
  GRID_PROBLEM_TOO_MANY_VERTICES: {
    'zh-CN': '第 {feature} 个要素（{code}）有 {count} 个坐标点，超过上限 {max}，请先简化',
    en: 'Feature {feature} ({code}) has {count} positions, more than the {max} accepted; simplify it',
  },
  GRID_PROBLEM_HOLE_OUTSIDE: {
    'zh-CN': '第 {feature} 个要素（{code}）的第 {ring} 个内环（洞）在外环之外',
    en: 'Feature {feature} ({code}): hole {ring} lies outside the outer ring',
  },
  GRID_PROBLEM_ZERO_AREA: {
    'zh-CN': '第 {feature} 个要素（{code}）的第 {ring} 个环面积为零',
    en: 'Feature {feature} ({code}): ring {ring} encloses no area',
  },
  GRID_PROBLEM_COORDINATES_SWAPPED: {
    'zh-CN': '第 {feature} 个要素（{code}）的经纬度似乎写反了：GeoJSON 要求 [经度, 纬度]',
    en: 'Feature {feature} ({code}): latitude and longitude look swapped; GeoJSON wants [longitude, latitude]',
  },
  GRID_PROBLEM_OUTSIDE_CITY: {
    'zh-CN': '第 {feature} 个要素（{code}）不在本市范围内（{bbox}）；请检查坐标系参数',
    en: 'Feature {feature} ({code}) lies outside the city ({bbox}); check the crs parameter',
  },
  GRID_PROBLEM_DUPLICATE_CODE: {
    'zh-CN': '网格编码 {code} 重复出现（第 {features} 个要素）',
    en: 'Grid code {code} occurs more than once (features {features})',
  },
  GRID_PROBLEM_UNKNOWN_COMMUNITY: {
    'zh-CN': '网格编码 {code} 的前 12 位 {communityCode} 不是本市现有的社区（村）代码',
    en: 'The first 12 digits of grid code {code}, {communityCode}, are not a community of the city',
  },
  GRID_PROBLEM_COMMUNITY_MISMATCH: {
    'zh-CN': '网格编码 {code} 属于社区 {communityCode}，但网格位于 {actualName}（{actual}）',
    en: 'Grid code {code} belongs to community {communityCode}, but the grid lies in {actualName} ({actual})',
  },
  GRID_PROBLEM_DECLARED_COMMUNITY_MISMATCH: {
    'zh-CN': '网格编码 {code} 的前 12 位是 {communityCode}，与属性 communityCode（{declared}）不一致',
    en: 'The first 12 digits of grid code {code} are {communityCode}, but its communityCode property says {declared}',
  },
  GRID_PROBLEM_OTHER_DISTRICT: {
    'zh-CN': '网格编码 {code} 以{district}的代码开头，但网格位于{actual}',
    en: 'Grid code {code} starts with the code of {district}, but the grid lies in {actual}',
  },
  GRID_PROBLEM_OUTSIDE_COMMUNITY: {
    'zh-CN': '网格 {code} 有 {areaM2} 平方米超出{communityName}的边界',
    en: 'Grid {code} extends {areaM2} m² beyond the boundary of {communityName}',
  },
  GRID_PROBLEM_OVERLAP: {
    'zh-CN': '网格 {a} 与 {b} 重叠 {areaM2} 平方米',
    en: 'Grids {a} and {b} overlap by {areaM2} m²',
  },
  GRID_PROBLEM_OVERLAP_CHECK_STOPPED: {
    'zh-CN': '重叠的网格过多，检查了 {max} 对后停止；请先修正重叠',
    en: 'Too many overlapping grids: the check stopped after {max} pairs; fix the overlaps first',
  },
  GRID_PROBLEM_GAP: {
    'zh-CN': '{communityName}（{communityCode}）内有 {areaM2} 平方米未被任何网格覆盖',
    en: '{areaM2} m² inside {communityName} ({communityCode}) is covered by no grid',
  },
  GRID_PROBLEM_OVERLAY_FAILED: {
    'zh-CN': '几何计算失败，无法检查此处的重叠或缝隙（{code}）',
    en: 'A geometry computation failed; overlaps or gaps here could not be checked ({code})',
  },
};

/** The division list import (division-import.ts): its errors, and one entry per problem kind. */
const divisionImport: Catalogue = {
  DIVISION_IMPORT_EMPTY: {
    'zh-CN': '文件中没有区划数据：需要表头行（代码、名称[、上级代码]）和本市完整的区划清单',
    en: 'The file holds no divisions: a header row (code, name[, parent_code]) and the city’s complete list are needed',
  },
  DIVISION_IMPORT_NOT_UTF8: {
    'zh-CN':
      '文件不是 UTF-8 编码（可能是 GBK/GB2312）。请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”，或直接上传 xlsx 文件',
    en: 'The file is not UTF-8 (it may be GBK/GB2312). In Excel, save as “CSV UTF-8 (Comma delimited)”, or upload the xlsx file',
  },
  DIVISION_IMPORT_XLS_UNSUPPORTED: {
    'zh-CN': '不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV UTF-8 后上传',
    en: 'Old Excel files (.xls) are not supported; save as .xlsx or CSV UTF-8 and upload that',
  },
  DIVISION_IMPORT_UNREADABLE: {
    'zh-CN': '无法读取 xlsx 文件：{problem}',
    en: 'The xlsx file cannot be read: {problem}',
  },
  DIVISION_IMPORT_TOO_MANY_ROWS: {
    'zh-CN': '文件超过 {max} 行，不是一个城市的区划清单',
    en: 'The file has more than {max} rows; that is not one city’s division list',
  },
  DIVISION_IMPORT_NO_CITY: {
    'zh-CN': '系统中没有市级行政区划，无法导入区划清单',
    en: 'No city-level division is on record; a division list cannot be imported',
  },
  DIVISION_IMPORT_INVALID: {
    'zh-CN': '区划清单有 {errorCount} 处错误，未做任何导入；请按报告逐条修改后重试',
    en: 'The division list has {errorCount} errors; nothing was imported. Fix each finding of the report and try again',
  },
  DIVISION_IMPORT_IN_PROGRESS: {
    'zh-CN': '另一个区划导入正在进行，请稍后重试',
    en: 'Another division import is in progress; try again shortly',
  },
  DIVISION_PROBLEM_HEADER_MISSING: {
    'zh-CN': '第 {row} 行（表头）缺少“{column}”列：应为 代码/区划代码、名称[、上级代码]',
    en: 'Row {row} (the header) has no "{column}" column: expected code, name[, parent_code]',
  },
  DIVISION_PROBLEM_CSV_MALFORMED: {
    'zh-CN': 'CSV 格式错误（第 {row} 行附近）：{detail}',
    en: 'Malformed CSV (near row {row}): {detail}',
  },
  DIVISION_PROBLEM_COLUMN_COUNT: {
    'zh-CN': '第 {row} 行有 {count} 列，表头有 {expected} 列',
    en: 'Row {row} has {count} columns; the header has {expected}',
  },
  DIVISION_PROBLEM_CODE_FORMAT: {
    'zh-CN': '第 {row} 行（{cell}）的代码“{value}”不正确：应为 6、9 或 12 位数字（Excel 中请把代码列设为文本）',
    en: 'Row {row} ({cell}): code "{value}" is invalid; expected 6, 9 or 12 digits (format the code column as text in Excel)',
  },
  DIVISION_PROBLEM_OUTSIDE_CITY: {
    'zh-CN': '第 {row} 行（{cell}）的代码 {code} 不属于本市（本市代码 {city}，应以 {prefix} 开头）',
    en: 'Row {row} ({cell}): code {code} is not in the city ({city}; codes start with {prefix})',
  },
  DIVISION_PROBLEM_DUPLICATE_CODE: {
    'zh-CN': '第 {row} 行（{cell}）的代码 {code} 与第 {first} 行重复',
    en: 'Row {row} ({cell}): code {code} repeats row {first}',
  },
  DIVISION_PROBLEM_NAME_EMPTY: {
    'zh-CN': '第 {row} 行（{cell}）的名称为空',
    en: 'Row {row} ({cell}): the name is empty',
  },
  DIVISION_PROBLEM_NAME_TOO_LONG: {
    'zh-CN': '第 {row} 行（{cell}）的名称超过 {max} 个字',
    en: 'Row {row} ({cell}): the name is longer than {max} characters',
  },
  DIVISION_PROBLEM_LEVEL_MISMATCH: {
    'zh-CN': '第 {row} 行（{cell}）：{code} 是{level}代码，上级应为“{expected}”，而不是“{declared}”',
    en: 'Row {row} ({cell}): {code} is a {level} code; its parent must be "{expected}", not "{declared}"',
  },
  DIVISION_PROBLEM_PARENT_MISSING: {
    'zh-CN': '第 {row} 行（{cell}）：{code} 的上级 {parent} 既不在文件中，也不在系统中',
    en: 'Row {row} ({cell}): the parent of {code}, {parent}, is neither in the file nor on record',
  },
  DIVISION_PROBLEM_PARENT_NOT_LISTED: {
    'zh-CN': '第 {row} 行（{cell}）：{code} 的上级 {parent}（{parentName}）不在文件中，导入后将被停用',
    en: 'Row {row} ({cell}): the parent of {code}, {parent} ({parentName}), is not in the file and would be retired',
  },
  DIVISION_PROBLEM_PARENT_RETIRED: {
    'zh-CN': '第 {row} 行（{cell}）：{code} 的上级 {parent}（{parentName}）已停用',
    en: 'Row {row} ({cell}): the parent of {code}, {parent} ({parentName}), has been retired',
  },
  DIVISION_PROBLEM_RETIRED_CODE: {
    'zh-CN': '第 {row} 行（{cell}）：代码 {code}（{name}）已于 {validTo} 停用，停用的代码不再启用',
    en: 'Row {row} ({cell}): code {code} ({name}) was retired on {validTo}; retired codes are not brought back',
  },
  DIVISION_PROBLEM_RETIRE_BEFORE_START: {
    'zh-CN': '{code}（{name}）不在文件中，但它自 {since} 起才生效，不能在生效日期之前停用；请选择更晚的生效日期',
    en: '{code} ({name}) is not in the file, but it is only in force from {since} and cannot be retired before that; pick a later effective date',
  },
};

export const messages: Catalogue = { ...errors, ...problems, ...divisionImport };
