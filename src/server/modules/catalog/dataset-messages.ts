// Messages of the data centre (数据中心): dataset loads, quality and rollback.
import type { Catalogue } from '../../platform/i18n/messages.ts';

export const datasetMessages: Catalogue = {
  DATASET_NOT_FOUND: {
    'zh-CN': '资源 {code} 还没有数据集（尚未装载）',
    en: 'Resource {code} has no dataset yet (nothing loaded)',
  },
  DATASET_LOAD_NOT_FOUND: {
    'zh-CN': '资源 {code} 的数据集没有第 {version} 版装载',
    en: 'The dataset of resource {code} has no load version {version}',
  },
  DATASET_ELEMENT_MISSING: {
    'zh-CN': '信息项 {column} 绑定的数据元 {identifier} 不存在',
    en: 'Item {column} is bound to data element {identifier}, which does not exist',
  },
  DATASET_RESOURCE_NOT_PUBLISHED: {
    'zh-CN': '资源 {code} 尚未发布，不能装载数据',
    en: 'Resource {code} is not published; no data can be loaded',
  },
  DATASET_RESOURCE_NOT_TABLE: {
    'zh-CN': '资源 {code} 不是库表类资源，没有数据集',
    en: 'Resource {code} is not a table resource and has no dataset',
  },
  DATASET_TOO_MANY_COLUMNS: {
    'zh-CN': '数据集累计的信息项已达 {stored} 个，再增加 {adding} 个将超过上限 {limit}：请为改名后的资源新建数据集',
    en: 'The dataset has stored {stored} items; {adding} more would pass the limit of {limit}: register the renamed resource anew',
  },
  DATASET_NO_KEY: {
    'zh-CN': '资源 {code} 没有标记为主键的信息项，无法按键更新',
    en: 'Resource {code} has no key item; rows cannot be upserted by key',
  },
  DATASET_LOAD_IN_PROGRESS: {
    'zh-CN': '资源 {code} 的数据集正在装载，请稍后再试',
    en: 'A load into the dataset of resource {code} is in progress; try again later',
  },
  DATASET_FILE_MALFORMED: {
    'zh-CN': '文件无法读取：{problem}',
    en: 'The file cannot be read: {problem}',
  },
  DATASET_TOO_LARGE: {
    'zh-CN': '文件超过上传上限 {limitMb} MB（ONECITY_DATASET_MAX_BYTES），未装载任何数据',
    en: 'The file is over the upload limit of {limitMb} MB (ONECITY_DATASET_MAX_BYTES); nothing was loaded',
  },
  DATASET_ENCODING_UNKNOWN: {
    'zh-CN':
      '无法识别文件编码：开头 {withinBytes} 字节既不是有效的 UTF-8，也不是 GB18030（GBK）；请另存为 UTF-8 后重试',
    en: 'Unknown file encoding: the first {withinBytes} bytes are neither valid UTF-8 nor GB18030 (GBK); save the file as UTF-8 and retry',
  },
  DATASET_ENCODING_INVALID: {
    'zh-CN': '文件按 {encoding} 编码读取，但第 {afterByte} 字节之后含有该编码的无效字节；请检查文件是否混用了编码',
    en: 'The file was read as {encoding}, but bytes after byte {afterByte} are not valid in that encoding; the file may mix encodings',
  },
  DATASET_HEADER_MISMATCH: {
    'zh-CN': '表头与资源 {code} 的信息项不符：缺少列 {missing}；未知列 {unknown}',
    en: 'The header does not match the items of resource {code}: missing columns {missing}; unknown columns {unknown}',
  },
  DATASET_LOAD_INVALID: {
    'zh-CN': '数据校验未通过（{errorCount} 处错误），整批未装载（第 {version} 版记为失败）',
    en: 'Validation failed ({errorCount} errors); nothing was loaded (version {version} recorded as failed)',
  },
  DATASET_ROLLBACK_NOT_LATEST: {
    'zh-CN': '只能回滚最近一次成功的装载（第 {latest} 版），第 {version} 版状态为 {status}',
    en: 'Only the latest applied load (version {latest}) can be rolled back; version {version} is {status}',
  },
};
